@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

@Suite("Recovery ends every credential")
struct RecoveryTests {
    func token(for member: Member, _ app: Application) async throws -> String {
        let secret = "odp_" + SecureToken.generate()
        try await APIToken(memberID: member.id!, name: "t", tokenHash: SecureToken.digest(secret)).create(on: app.db)
        return secret
    }

    @Test func aResetRevokesAPITokensVoidsOtherLinksAndTellsTheMember() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app, verified: false)
            let secret = try await token(for: member, app)
            var browser = try await signedIn(app)
            try await submit(app, "/verify/resend", [:], as: &browser)
            let verifyLink = try #require(try await linkToken(in: app, to: "amina@example.org", path: "/verify"))
            var stranger = Browser()
            try await submit(app, "/password/forgot", ["email": "amina@example.org"], as: &stranger)
            let resetLink = try #require(try await linkToken(in: app, to: "amina@example.org", path: "/password/reset"))
            try await submit(app, "/password/reset", ["token": resetLink, "password": "a brand new passphrase"], as: &stranger) { res async throws in
                #expect(res.status == .seeOther)
            }
            try await api(app, .GET, "/me", headers: ["Authorization": "Bearer \(secret)"]) { res async throws in
                #expect(res.status == .unauthorized)
            }
            try await submit(app, "/verify", ["token": verifyLink], as: &stranger) { res async throws in
                #expect(res.status == .gone)
            }
            let notice = try #require(try await outbox(app).last)
            #expect(notice.subject == (try catalogText("mail.passwordChanged.subject", .en, ["site": "OpenDiaspora"])))
        }
    }

    @Test func signingOutEverywhereRevokesAPITokens() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let secret = try await token(for: member, app)
            var browser = try await signedIn(app)
            try await submit(app, "/account/sessions/end", [:], as: &browser)
            try await api(app, .GET, "/me", headers: ["Authorization": "Bearer \(secret)"]) { res async throws in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func changingTheAddressTellsTheOldOne() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = try await signedIn(app)
            try await submit(app, "/account/email", ["newEmail": "new@example.org", "emailPassword": goodPassword], as: &browser)
            let token = try #require(try await linkToken(in: app, to: "new@example.org", path: "/account/email/confirm"))
            try await submit(app, "/account/email/confirm", ["token": token], as: &browser)
            let notice = try #require(try await outbox(app).last)
            #expect(notice.toAddress == "amina@example.org")
            #expect(notice.subject == (try catalogText("mail.emailChanged.subject", .en, ["site": "OpenDiaspora"])))
        }
    }

    @Test func sessionsEndThirtyDaysAfterSignInHoweverActive() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let browser = try await signedIn(app)
            let session = try #require(try await MemberSession.query(on: app.db).first())
            try await (app.db as! any SQLDatabase).raw("UPDATE member_sessions SET created_at = \(bind: app.clock.now.addingTimeInterval(-SessionCookie.absoluteLifetime - 60)) WHERE id = \(bind: session.id!)").run()
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.status == .seeOther)
            }
        }
    }
}

@Suite("Hostile input to accounts")
struct HostileAccountInputTests {
    @Test func aForeignFormCannotPostToTheAPI() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            for contentType in ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"] {
                try await app.testing().test(.POST, "/api/v1/auth/login", headers: ["Content-Type": contentType],
                                             body: ByteBuffer(string: "email=amina%40example.org&password=correct+horse+battery+staple")) { res async throws in
                    #expect(res.status == .unsupportedMediaType, "\(contentType)")
                    #expect(res.headers.setCookie?[SessionCookie.sessionName] == nil)
                }
            }
        }
    }

    @Test(arguments: ["amina\u{0}@example.org", "\u{0}", "zoë@example.fr", String(repeating: "a", count: 5000)])
    func oddEmailsAreWrongCredentialsNotErrors(email: String) async throws {
        try await withApp { app async throws in
            try await api(app, .POST, "/auth/login", json: ["email": email, "password": "whatever it is"]) { res async throws in
                #expect(res.status == .unauthorized)
            }
            var browser = Browser()
            try await submit(app, "/login", ["email": email, "password": "whatever it is"], as: &browser) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
            try await api(app, .POST, "/auth/password/forgot", json: ["email": email]) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
        }
    }

    @Test func onlyAddressesTheMailerCanSendToAreAccepted() {
        #expect(EmailAddress.isValid("amina.diallo+diaspora@example.co.uk"))
        #expect(!EmailAddress.isValid("zoë@example.fr"))
        #expect(!EmailAddress.isValid("a@exa_mple.org"))
        #expect(!EmailAddress.isValid("a@localhost"))
        #expect(!EmailAddress.isValid("a b@example.org"))
        #expect(!EmailAddress.isValid("a@example.org\r\nBcc: x@y.z"))
    }

    @Test func failedSignInsCountPerEmailButSuccessesDoNot() async throws {
        try await withApp { app async throws in
            let limiter = RateLimiter(database: app.db, clock: app.clock)
            let rule = RateLimitRule(name: "t", limit: 2, window: 3600)
            try await limiter.check(rule, key: "k")
            try await limiter.check(rule, key: "k")
            try await limiter.hit(rule, key: "k")
            try await limiter.hit(rule, key: "k")
            await #expect(throws: RateLimited.self) { try await limiter.check(rule, key: "k") }
        }
    }

    @Test func ipv6ClientsAreLimitedPerSlash64() {
        #expect(IPAddressRange.rateLimitKey(for: "2001:db8:1:2:aaaa::1") == IPAddressRange.rateLimitKey(for: "2001:db8:1:2:ffff::9"))
        #expect(IPAddressRange.rateLimitKey(for: "2001:db8:1:2::1") != IPAddressRange.rateLimitKey(for: "2001:db8:1:3::1"))
        #expect(IPAddressRange.rateLimitKey(for: "203.0.113.7") == "203.0.113.7")
    }
}
