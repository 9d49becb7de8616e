@testable import App
import Fluent
import Testing
import Vapor

@Suite("Verification and password reset links")
struct MailLinkTests {
    func join(_ app: Application, email: String = "amina@example.org") async throws -> Browser {
        var browser = Browser()
        try await submit(app, "/join", ["email": email, "displayName": "Amina", "password": goodPassword, "consent": "1"], as: &browser)
        return browser
    }

    @Test func aVerificationLinkWorksOnceAndOnlyOnce() async throws {
        try await withApp { app async throws in
            var browser = try await join(app)
            let token = try #require(try await linkToken(in: app, to: "amina@example.org", path: "/verify"))
            // Opening the link (as a mail scanner would) does not use it up.
            try await app.testing().test(.GET, "/verify?token=\(token)", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(#"name="token" value="\#(token)""#))
            }
            try await submit(app, "/verify", ["token": token], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await Member.query(on: app.db).first()?.emailVerifiedAt != nil)
            try await submit(app, "/verify", ["token": token], as: &browser) { res async throws in
                #expect(res.status == .gone)
                #expect(res.body.string.contains(htmlEscaped(try catalogText("verify.invalid"))))
            }
        }
    }

    @Test func anExpiredVerificationLinkIsRefused() async throws {
        try await withApp { app async throws in
            var browser = try await join(app)
            let token = try #require(try await linkToken(in: app, to: "amina@example.org", path: "/verify"))
            try app.manualClock.advance(by: AccountToken.Purpose.verifyEmail.lifetime + 1)
            try await submit(app, "/verify", ["token": token], as: &browser) { res async throws in
                #expect(res.status == .gone)
            }
            #expect(try await Member.query(on: app.db).first()?.emailVerifiedAt == nil)
        }
    }

    @Test func theForgotPageNeverSaysWhetherAnAddressHasAnAccount() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var bodies: [String] = []
            for email in ["amina@example.org", "nobody@example.org"] {
                var browser = Browser()
                try await submit(app, "/password/forgot", ["email": email], as: &browser) { res async throws in
                    #expect(res.status == .ok)
                    bodies.append(res.h1 ?? "")
                    #expect(res.body.string.contains(htmlEscaped(try catalogText("forgot.sent"))))
                }
            }
            #expect(bodies[0] == bodies[1])
            let mails = try await outbox(app)
            #expect(mails.map(\.toAddress) == ["amina@example.org"])
        }
    }

    @Test func aResetLinkSetsThePasswordOnceAndEndsEverySession() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let elsewhere = try await signedIn(app)
            var browser = Browser()
            try await submit(app, "/password/forgot", ["email": "amina@example.org"], as: &browser)
            let token = try #require(try await linkToken(in: app, to: "amina@example.org", path: "/password/reset"))
            try await app.testing().test(.GET, "/password/reset?token=\(token)") { res async throws in
                #expect(res.status == .ok)
            }
            try await submit(app, "/password/reset", ["token": token, "password": "short"], as: &browser) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains(#"id="f-password-error""#))
            }
            let newPassword = "a brand new passphrase"
            try await submit(app, "/password/reset", ["token": token, "password": newPassword], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/login")
            }
            #expect(try await MemberSession.query(on: app.db).count() == 0)
            try await app.testing().test(.GET, "/account", headers: elsewhere.headers) { res async throws in
                #expect(res.status == .seeOther)
            }
            try await submit(app, "/password/reset", ["token": token, "password": "another new passphrase"], as: &browser) { res async throws in
                #expect(res.status == .gone)
            }
            _ = try await signedIn(app, password: newPassword)
        }
    }

    @Test func anExpiredResetLinkIsRefused() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = Browser()
            try await submit(app, "/password/forgot", ["email": "amina@example.org"], as: &browser)
            let token = try #require(try await linkToken(in: app, to: "amina@example.org", path: "/password/reset"))
            let record = try #require(try await AccountToken.query(on: app.db).filter(\.$purpose == .resetPassword).first())
            #expect(abs(record.expiresAt.timeIntervalSince(app.clock.now) - 3600) < 60)
            try app.manualClock.advance(by: 3601)
            try await app.testing().test(.GET, "/password/reset?token=\(token)") { res async throws in
                #expect(res.status == .gone)
            }
            try await submit(app, "/password/reset", ["token": token, "password": "a brand new passphrase"], as: &browser) { res async throws in
                #expect(res.status == .gone)
            }
        }
    }

    @Test func resetMailsAreLimitedPerAddressWithoutRefusingAnyone() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            for _ in 1...7 {
                var browser = Browser()
                // Always the same answer: a stranger asking many times cannot stop the owner asking.
                try await submit(app, "/password/forgot", ["email": "Amina@example.org"], as: &browser) { res async throws in
                    #expect(res.status == .ok)
                }
            }
            let mails = try await outbox(app)
            #expect(mails.count == RateLimitRule.passwordResetPerEmail.limit, "the inbox gets at most five")
            // Every one of those links still works for its hour.
            #expect(try await AccountToken.query(on: app.db).filter(\.$usedAt == nil).count() == 5)
        }
    }

    @Test func mailsAreWrittenInTheMembersLanguage() async throws {
        try await withApp { app async throws in
            var browser = Browser()
            try await app.testing().test(.GET, "/join", headers: .acceptLanguage("fr")) { res async throws in
                browser.remember(res)
            }
            var headers = browser.headers
            headers.replaceOrAdd(name: .acceptLanguage, value: "fr")
            let token = try await visit(app, "/join", as: &browser)
            try await app.testing().test(.POST, "/join", headers: headers, beforeRequest: { req async throws in
                try req.content.encode(["email": "awa@example.org", "displayName": "Awa", "password": goodPassword, "consent": "1", "csrf_token": token], as: .urlEncodedForm)
            }) { res async throws in
                #expect(res.status == .ok)
            }
            let mail = try #require(try await outbox(app).first)
            #expect(mail.subject == (try catalogText("mail.verify.subject", .fr, ["site": "OpenDiaspora"])))
            #expect(mail.htmlBody?.contains(#"<html lang="fr">"#) == true)
            #expect(mail.textBody.contains("Bonjour Awa"))
        }
    }
}
