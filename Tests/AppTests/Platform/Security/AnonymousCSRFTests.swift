@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("The CSRF token before sign-in is the site's own")
struct AnonymousCSRFTests {
    func signIn(_ app: Application, cookie: String, field: String, cookieName: String = "od_csrf") async throws -> HTTPStatus {
        var status = HTTPStatus.ok
        try await app.testing().test(.POST, "/login", headers: ["Cookie": "\(cookieName)=\(cookie)"], beforeRequest: { req async throws in
            try req.content.encode(["email": "amina@example.org", "password": goodPassword, "csrf_token": field], as: .urlEncodedForm)
        }) { res async throws in
            status = res.status
            if res.status != .seeOther { #expect(res.headers.setCookie?[SessionCookie.sessionName] == nil) }
        }
        return status
    }

    @Test func aPlantedCookieAndTheSameFieldSignNoOneIn() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            #expect(try await signIn(app, cookie: "short", field: "short") == .forbidden)
            // The old shape (43 random characters) and the new shape without the site's signature.
            let unsigned = SecureToken.generate()
            #expect(try await signIn(app, cookie: unsigned, field: unsigned) == .forbidden)
            let forged = SecureToken.generate(byteCount: 16) + "." + SecureToken.generate()
            #expect(try await signIn(app, cookie: forged, field: forged) == .forbidden)
            #expect(try await MemberSession.query(on: app.db).count() == 0)
        }
    }

    @Test func theTokenAPageGivesWorksAndIsSigned() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = Browser()
            let token = try await visit(app, "/login", as: &browser)
            #expect(browser.cookies["od_csrf"] == token)
            #expect(AnonymousCSRFToken.isGenuine(token, try await app.siteSecrets.secret(on: app.db)))
            #expect(try await signIn(app, cookie: token, field: token) == .seeOther)
            // The cookie alone is not enough: the form must repeat it.
            #expect(try await signIn(app, cookie: token, field: "") == .forbidden)
        }
    }

    @Test func aTokenSignedWithAnotherKeyIsRefusedAndTheSameKeyIsShared() async throws {
        let key = String(repeating: "k", count: 40)
        let token = try await withApp(adjust: { $0.secretKey = key }) { app async throws in
            var browser = Browser()
            return try await visit(app, "/login", as: &browser)
        }
        try await withApp(adjust: { $0.secretKey = key }) { app async throws in
            try await makeMember(app)
            #expect(try await signIn(app, cookie: token, field: token) == .seeOther, "another instance with the same SECRET_KEY")
        }
        try await withApp(adjust: { $0.secretKey = String(repeating: "z", count: 40) }) { app async throws in
            try await makeMember(app)
            #expect(try await signIn(app, cookie: token, field: token) == .forbidden)
        }
    }

    @Test func theGeneratedKeyIsMadeOnceAndKeptInTheDatabase() async throws {
        try await withApp { app async throws in
            let first = try await SiteSecretStore(configuredKey: nil).secret(on: app.db)
            let second = try await SiteSecretStore(configuredKey: nil).secret(on: app.db)
            #expect(first.signature("x", purpose: "p") == second.signature("x", purpose: "p"))
            #expect(first.signature("x", purpose: "p") != first.signature("x", purpose: "q"), "each use signs apart")
            let rows = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM site_secrets").first()
            #expect(try rows?.decode(column: "n", as: Int.self) == 1)
        }
    }

    @Test func underHTTPSTheCookieIsHostPrefixedAndNoOtherNameCounts() async throws {
        try await withApp(adjust: { $0.publicURL = URL(string: "https://diaspora.example.org")! }) { app async throws in
            try await makeMember(app)
            var token = ""
            try await app.testing().test(.GET, "/login") { res async throws in
                let cookie = try #require(res.headers.setCookie?["__Host-od_csrf"])
                #expect(cookie.isSecure)
                #expect(cookie.path == "/")
                #expect(cookie.domain == nil)
                #expect(res.headers.setCookie?["od_csrf"] == nil)
                token = cookie.string
            }
            #expect(try await signIn(app, cookie: token, field: token, cookieName: "od_csrf") == .forbidden)
            #expect(try await signIn(app, cookie: token, field: token, cookieName: "__Host-od_csrf") == .seeOther)
        }
    }

    @Test func aShortSecretKeyStopsTheStart() throws {
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration(environment: ["SECRET_KEY": "too short"], rootDirectory: repositoryRoot)
        }
        #expect(try AppConfiguration(environment: ["SECRET_KEY": String(repeating: "s", count: 32)], rootDirectory: repositoryRoot).secretKey != nil)
    }
}
