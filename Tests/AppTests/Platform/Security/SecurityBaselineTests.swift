@testable import App
import Fluent
import NIOCore
import SQLKit
import Testing
import Vapor

@Suite("Security baseline")
struct SecurityBaselineTests {
    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        try await withApp { app async throws in
            for path in ["/", "/login", "/no/such/page", "/css/site.css", "/api/v1/me"] {
                try await app.testing().test(.GET, path) { res async throws in
                    let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                    #expect(csp.contains("default-src 'self'"), "\(path)")
                    #expect(csp.contains("frame-ancestors 'none'"))
                    #expect(!csp.contains("unsafe-inline"))
                    #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(res.headers.first(name: "Referrer-Policy") == "strict-origin-when-cross-origin")
                    // Plain http: no HSTS (it would lock browsers out of a local install).
                    #expect(res.headers.first(name: .strictTransportSecurity) == nil)
                }
            }
        }
    }

    @Test func noTemplateUsesInlineScriptOrStyle() throws {
        let views = repositoryRoot + "/Resources/Views"
        let files = FileManager.default.enumerator(atPath: views)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".leaf") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: views + "/" + file, encoding: .utf8)
            #expect(!text.contains("style="), "\(file) has a style attribute")
            #expect(!text.contains("<style"), "\(file) has a style element")
            #expect(text.components(separatedBy: "<script").count - 1 == text.components(separatedBy: "<script src=").count - 1, "\(file) has an inline script")
            #expect(text.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(file) has an event attribute")
            #expect(!text.contains("#unsafeHTML"), "\(file) renders raw HTML")
        }
    }

    @Test func aFormNestedTenThousandLevelsDeepIsRefusedAndTheServerStaysUp() async throws {
        try await withApp { app async throws in
            app.routes.defaultMaxBodySize = "1mb"
            let key = "a" + String(repeating: "[a]", count: 10_000)
            var browser = Browser()
            let token = try await visit(app, "/login", as: &browser)
            let body = "\(key)=1&csrf_token=\(token)&email=x%40example.org&password=x"
            var headers = browser.headers
            headers.contentType = .urlEncodedForm
            try await app.testing().test(.POST, "/login", headers: headers, body: ByteBuffer(string: body)) { res async throws in
                #expect((400..<500).contains(res.status.code))
            }
            try await app.testing().test(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: body)) { res async throws in
                #expect((400..<500).contains(res.status.code))
            }
            try await app.testing().test(.GET, "/") { res async throws in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func aTenMegabyteBodyIsRefusedAndTheServerStaysUp() async throws {
        try await withApp { app async throws in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024)
            for path in ["/join", "/api/v1/auth/register"] {
                try await app.testing(method: .running(port: 0)).test(.POST, path, headers: ["Content-Type": path.hasPrefix("/api") ? "application/json" : "application/x-www-form-urlencoded"], body: big) { res async throws in
                    #expect((400..<500).contains(res.status.code), "\(path) answered \(res.status)")
                }
            }
            try await app.testing().test(.GET, "/") { res async throws in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func anUnsupportedMethodIs405WithTheAllowedOnes() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.PUT, "/api/v1/me") { res async throws in
                #expect(res.status == .methodNotAllowed)
                #expect(res.headers.first(name: .allow) == "GET, HEAD")
                #expect(res.headers.contentType == Problem.mediaType)
            }
            try await app.testing().test(.GET, "/api/v1/no-such-thing") { res async throws in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test func requireChecksSignInVerificationAndRole() async throws {
        try await withApp { app async throws in
            let request = Request(application: app, on: app.eventLoopGroup.next())
            #expect(throws: SignInRequired.self) { try request.require() }
            request.principal = Principal(memberID: UUID(), displayName: "A", role: .moderator, isEmailVerified: false, locale: "en", credential: .apiToken(id: UUID()))
            #expect(throws: AccessDenied.self) { try request.require(.verifiedMember) }
            #expect(throws: AccessDenied.self) { try request.require(.role(.admin)) }
            #expect(try request.require(.role(.moderator)).role == .moderator)
            #expect(try request.require(.role(.member)).role == .moderator)
        }
    }
}
