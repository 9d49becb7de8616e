@testable import App
import Fluent
import Testing
import Vapor

@Suite("Account settings")
struct AccountSettingsTests {
    @Test func changingThePasswordNeedsTheCurrentOneAndEndsOtherSessions() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let other = try await signedIn(app)
            var browser = try await signedIn(app)
            try await submit(app, "/account/password", ["currentPassword": "not my password", "newPassword": "a brand new passphrase"], as: &browser) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains(#"id="f-currentPassword-error""#))
            }
            try await submit(app, "/account/password", ["currentPassword": goodPassword, "newPassword": "a brand new passphrase"], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
            }
            try await app.testing().test(.GET, "/account", headers: other.headers) { res async throws in
                #expect(res.status == .seeOther)
            }
        }
    }

    @Test func aNewEmailAddressIsUsedOnlyOnceConfirmed() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = try await signedIn(app)
            try await submit(app, "/account/email", ["newEmail": "new@example.org", "emailPassword": goodPassword], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await Member.query(on: app.db).first()?.email == "amina@example.org")
            let token = try #require(try await linkToken(in: app, to: "new@example.org", path: "/account/email/confirm"))
            try await submit(app, "/account/email/confirm", ["token": token], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            let member = try #require(try await Member.query(on: app.db).first())
            #expect(member.email == "new@example.org")
            #expect(member.emailKey == "new@example.org")
            try await submit(app, "/account/email/confirm", ["token": token], as: &browser) { res async throws in
                #expect(res.status == .gone)
            }
        }
    }

    @Test func anAddressInUseGetsNoMailAndNoHint() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            try await makeMember(app, email: "taken@example.org", name: "Someone")
            var browser = try await signedIn(app)
            try await submit(app, "/account/email", ["newEmail": "TAKEN@example.org", "emailPassword": goodPassword], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await outbox(app).isEmpty)
        }
    }

    @Test func theLanguageSettingChangesTheInterface() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = try await signedIn(app)
            try await submit(app, "/account/language", ["locale": "es"], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await Member.query(on: app.db).first()?.locale == "es")
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.htmlLang == "es")
            }
            // On another device (no language cookie) the member's setting applies after sign-in.
            var fresh = try await signedIn(app)
            fresh.cookies[LocaleNegotiation.cookieName] = nil
            try await app.testing().test(.GET, "/", headers: fresh.headers) { res async throws in
                #expect(res.htmlLang == "es")
            }
            try await submit(app, "/account/language", ["locale": "xx"], as: &browser) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
        }
    }

    @Test func signingOutEverywhereEndsEverySession() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let other = try await signedIn(app)
            var browser = try await signedIn(app)
            try await submit(app, "/account/sessions/end", [:], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await MemberSession.query(on: app.db).count() == 0)
            for jar in [browser, other] {
                try await app.testing().test(.GET, "/account", headers: jar.headers) { res async throws in
                    #expect(res.status == .seeOther)
                }
            }
        }
    }

    @Test func tokensAreShownOnceListedAndRevocable() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = try await signedIn(app)
            var secret = ""
            try await submit(app, "/account/tokens", ["name": "laptop script"], as: &browser) { res async throws in
                #expect(res.status == .created)
                secret = res.firstMatch(#"<code class="secret">([^<]+)</code>"#) ?? ""
            }
            #expect(secret.hasPrefix("odp_"))
            let stored = try #require(try await APIToken.query(on: app.db).first())
            #expect(stored.tokenHash == SecureToken.digest(secret))
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains("laptop script"))
                #expect(!res.body.string.contains(secret))
            }
            try await submit(app, "/account/tokens/\(stored.id!.uuidString.lowercased())/revoke", [:], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await APIToken.query(on: app.db).count() == 0)
        }
    }

    @Test func anotherMemberCannotRevokeMyToken() async throws {
        try await withApp { app async throws in
            let owner = try await makeMember(app)
            try await makeMember(app, email: "intruder@example.org", name: "Intruder")
            let token = APIToken(memberID: owner.id!, name: "mine", tokenHash: SecureToken.digest("odp_x"))
            try await token.create(on: app.db)
            var intruder = try await signedIn(app, email: "intruder@example.org")
            try await submit(app, "/account/tokens/\(token.id!.uuidString.lowercased())/revoke", [:], as: &intruder) { res async throws in
                #expect(res.status == .notFound)
            }
            #expect(try await APIToken.query(on: app.db).count() == 1)
        }
    }
}
