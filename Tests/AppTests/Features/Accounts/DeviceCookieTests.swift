@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// A stranger who spends an address's sign-in limit must not lock its owner out (OWASP device cookies).
@Suite("Device cookies keep the owner's browser signing in")
struct DeviceCookieTests {
    /// Uses up the address's limit for strangers, as 25 wrong passwords from elsewhere would.
    func strangerUsesUpTheLimit(_ app: Application, email: String = "amina@example.org") async throws {
        for _ in 0..<RateLimitRule.signInPerEmail.limit {
            try await RateLimiter(database: app.db, clock: app.clock).hit(.signInPerEmail, key: EmailAddress.key(email))
        }
    }

    func login(_ app: Application, _ browser: inout Browser, email: String = "AMINA@example.org", password: String = goodPassword) async throws -> HTTPStatus {
        var status = HTTPStatus.ok
        try await submit(app, "/login", ["email": email, "password": password], as: &browser) { res async throws in status = res.status }
        return status
    }

    @Test func theOwnersBrowserSignsInWhileStrangersAreLimited() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var owners = Browser()
            #expect(try await login(app, &owners) == .seeOther)
            let device = try #require(owners.cookies["od_device"])
            try await submit(app, "/logout", [:], as: &owners)
            #expect(owners.cookies["od_device"] == device, "signing out keeps the device cookie")
            try await strangerUsesUpTheLimit(app)

            var stranger = Browser()
            #expect(try await login(app, &stranger, password: "a guess of the stranger") == .tooManyRequests)
            #expect(try await login(app, &owners, email: "amina@EXAMPLE.org") == .seeOther, "whatever the spelling of the address")
            // A browser that never signed in to the account is a stranger too, even with the right password.
            var newBrowser = Browser()
            #expect(try await login(app, &newBrowser) == .tooManyRequests)
        }
    }

    @Test func aTrustedBrowsersFailuresHaveTheirOwnLimitThenItIsAStranger() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var owners = Browser()
            #expect(try await login(app, &owners) == .seeOther)
            try await submit(app, "/logout", [:], as: &owners)
            for _ in 0..<RateLimitRule.signInPerDevice.limit {
                #expect(try await login(app, &owners, password: "not my password at all") == .unprocessableEntity)
            }
            let emailCounter = try await RateLimitCounterProbe.hits(app, RateLimitRule.signInPerEmail, EmailAddress.key("amina@example.org"))
            #expect(emailCounter == 0, "a trusted browser's failures do not use up the address's limit")
            // Past its own limit the browser counts as a stranger: the address's limit applies again.
            try await strangerUsesUpTheLimit(app)
            #expect(try await login(app, &owners) == .tooManyRequests)
        }
    }

    @Test func aCookieVouchesOnlyForItsOwnAccountAndOnlyWhenGenuine() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            try await makeMember(app, email: "binta@example.org", name: "Binta")
            var browser = Browser()
            #expect(try await login(app, &browser, email: "binta@example.org") == .seeOther)
            try await submit(app, "/logout", [:], as: &browser)
            try await strangerUsesUpTheLimit(app)
            #expect(try await login(app, &browser) == .tooManyRequests, "Binta's device cookie says nothing about Amina")
            var forged = Browser()
            forged.cookies["od_device"] = SecureToken.generate(byteCount: 16) + "." + SecureToken.generate()
            #expect(try await login(app, &forged) == .tooManyRequests)
        }
    }

    @Test func aSharedNetworkAddressUsedUpByOthersDoesNotStopTheOwner() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var owners = Browser()
            #expect(try await login(app, &owners) == .seeOther)
            try await submit(app, "/logout", [:], as: &owners)
            // Test requests all come from one address, as people behind one NAT do.
            while try await RateLimiter(database: app.db, clock: app.clock).allows(.signInPerIP, key: IPAddressRange.rateLimitKey(for: "unknown")) {}
            var stranger = Browser()
            #expect(try await login(app, &stranger) == .tooManyRequests)
            #expect(try await login(app, &owners) == .seeOther)
        }
    }

    @Test func changingThePasswordRevokesOtherBrowsersCookies() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var old = Browser(), current = Browser()
            #expect(try await login(app, &old) == .seeOther)
            try await submit(app, "/logout", [:], as: &old)
            #expect(try await login(app, &current) == .seeOther)
            try await submit(app, "/account/password", ["currentPassword": goodPassword, "newPassword": "a brand new passphrase"], as: &current) { res async throws in
                #expect(res.status == .seeOther)
            }
            try await submit(app, "/logout", [:], as: &current)
            try await strangerUsesUpTheLimit(app)
            #expect(try await login(app, &old, password: "a brand new passphrase") == .tooManyRequests, "its cookie names the old password")
            #expect(try await login(app, &current, password: "a brand new passphrase") == .seeOther)
        }
    }

    @Test func oneBrowserRemembersUpToFiveAccounts() async throws {
        try await withApp { app async throws in
            var browser = Browser()
            for index in 0..<6 {
                try await makeMember(app, email: "member\(index)@example.org", name: "Member \(index)")
                #expect(try await login(app, &browser, email: "member\(index)@example.org") == .seeOther)
                try await submit(app, "/logout", [:], as: &browser)
            }
            let secret = try await app.siteSecrets.secret(on: app.db)
            let cookie = browser.cookies["od_device"]
            func account(_ index: Int) async throws -> String {
                let member = try #require(try await Member.withEmail("member\(index)@example.org", on: app.db).first())
                return try #require(DeviceCookie.account(of: member))
            }
            #expect(cookie?.split(separator: "~").count == 5)
            #expect(DeviceCookie.trustedNonce(in: cookie, for: try await account(5), secret: secret) != nil)
            #expect(DeviceCookie.trustedNonce(in: cookie, for: try await account(1), secret: secret) != nil)
            #expect(DeviceCookie.trustedNonce(in: cookie, for: try await account(0), secret: secret) == nil, "the oldest is forgotten")
        }
    }

    @Test func aPasswordResetFromTheMailTrustsThatBrowser() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            try await strangerUsesUpTheLimit(app)
            var browser = Browser()
            try await submit(app, "/password/forgot", ["email": "amina@example.org"], as: &browser)
            let token = try #require(try await linkToken(in: app, to: "amina@example.org", path: "/password/reset"))
            try await submit(app, "/password/reset", ["token": token, "password": "a brand new passphrase"], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
                let cookie = try #require(res.headers.setCookie?["od_device"])
                #expect(cookie.isHTTPOnly)
                #expect(cookie.sameSite == .lax)
            }
            #expect(try await login(app, &browser, password: "a brand new passphrase") == .seeOther)
        }
    }

    @Test func theAPISignInSetsAndHonoursTheCookieToo() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = Browser()
            try await api(app, .POST, "/auth/login", json: ["email": "amina@example.org", "password": goodPassword]) { res async throws in
                #expect(res.status == .ok)
                browser.remember(res)
            }
            #expect(browser.cookies["od_device"] != nil)
            try await strangerUsesUpTheLimit(app)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: "od_device=\(browser.cookies["od_device"] ?? "")")
            try await api(app, .POST, "/auth/login", json: ["email": "amina@example.org", "password": goodPassword], headers: headers) { res async throws in
                #expect(res.status == .ok)
            }
            try await api(app, .POST, "/auth/login", json: ["email": "amina@example.org", "password": goodPassword]) { res async throws in
                #expect(res.status == .tooManyRequests)
            }
        }
    }
}

/// Reads a rate-limit counter, for tests that check which limit an attempt used.
enum RateLimitCounterProbe {
    static func hits(_ app: Application, _ rule: RateLimitRule, _ key: String) async throws -> Int {
        let row = try await (app.db as! any SQLDatabase).raw("SELECT CAST(COALESCE(SUM(hits), 0) AS BIGINT) AS n FROM rate_limit_counters WHERE bucket = \(bind: RateLimiter.bucket(rule, key))").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
