@testable import App
import Fluent
import Testing
import Vapor

@Suite("Accounts API")
struct AccountsAPITests {
    let registration = ["email": "amina@example.org", "password": goodPassword, "displayName": "Amina Diallo", "locale": "fr"]

    @Test func registeringIsAcceptedAndTheMemberComesFromTheQueue() async throws {
        try await withApp { app async throws in
            try await api(app, .POST, "/auth/register", json: registration) { res async throws in
                #expect(res.status == .accepted)
                let answer = try res.content.decode(AccountsAPI.RegistrationAccepted.self)
                #expect(answer.message == (try catalogText("join.sent.message", .en)))
                #expect(!res.body.string.contains("$2"))
                #expect(!res.body.string.lowercased().contains("hash"))
            }
            let mails = try await outbox(app)
            #expect(mails.count == 1)
            #expect(mails.first?.subject == (try catalogText("mail.verify.subject", .fr, ["site": "OpenDiaspora"])))
            let member = try #require(try await Member.query(on: app.db).first())
            #expect(member.locale == "fr")
            #expect(member.role == .member)
            #expect(member.emailVerifiedAt == nil)
        }
    }

    @Test func aTakenEmailGetsTheSameAnswerAndItsOwnerAMail() async throws {
        try await withApp { app async throws in
            try await makeMember(app, email: "AMINA@example.org")
            try await api(app, .POST, "/auth/register", json: registration) { res async throws in
                #expect(res.status == .accepted)
                #expect(try res.content.decode(AccountsAPI.RegistrationAccepted.self).message == (try catalogText("join.sent.message", .en)))
            }
            let mails = try await outbox(app)
            #expect(mails.map(\.toAddress) == ["AMINA@example.org"])
            #expect(mails.first?.subject == (try catalogText("mail.joinAttempt.subject", .en, ["site": "OpenDiaspora"])))
            #expect(try await Member.query(on: app.db).count() == 1)
        }
    }

    @Test func badFieldsAreNamedInTheProblem() async throws {
        try await withApp { app async throws in
            try await api(app, .POST, "/auth/register", json: ["email": "nope", "password": "short", "locale": "de"]) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(Set(try problemFields(res)) == ["email", "password", "displayName", "locale"])
            }
        }
    }

    @Test func signingInGivesACookieAndACSRFTokenForCookieRequests() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = Browser()
            var csrf = ""
            try await api(app, .POST, "/auth/login", json: ["email": "amina@example.org", "password": goodPassword]) { res async throws in
                #expect(res.status == .ok)
                browser.remember(res)
                csrf = try res.content.decode(AccountsAPI.LoginAnswer.self).csrfToken
            }
            #expect(browser.session != nil)
            try await api(app, .GET, "/me", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
                #expect(try res.content.decode(AccountsAPI.MemberBody.self).email == "amina@example.org")
            }
            // A state change with the cookie but without the header: refused.
            try await api(app, .POST, "/tokens", json: ["name": "script"], headers: browser.headers) { res async throws in
                #expect(res.status == .forbidden)
            }
            var withToken = browser.headers
            withToken.replaceOrAdd(name: "X-CSRF-Token", value: csrf)
            try await api(app, .POST, "/tokens", json: ["name": "script"], headers: withToken) { res async throws in
                #expect(res.status == .created)
            }
            try await api(app, .POST, "/auth/logout", headers: withToken) { res async throws in
                #expect(res.status == .noContent)
            }
            try await api(app, .GET, "/me", headers: browser.headers) { res async throws in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func wrongCredentialsAre401() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            try await api(app, .POST, "/auth/login", json: ["email": "amina@example.org", "password": "not the password"]) { res async throws in
                #expect(res.status == .unauthorized)
                #expect(res.headers.setCookie?[SessionCookie.sessionName] == nil)
            }
            try await api(app, .GET, "/me") { res async throws in
                #expect(res.status == .unauthorized)
                #expect(res.headers.contentType == Problem.mediaType)
            }
        }
    }

    @Test func aPersonalTokenWorksAsBearerUntilRevoked() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = try await signedIn(app)
            var secret = ""
            try await submit(app, "/account/tokens", ["name": "phone"], as: &browser) { res async throws in
                secret = res.firstMatch(#"<code class="secret">([^<]+)</code>"#) ?? ""
            }
            let bearer: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
            try await api(app, .GET, "/me", headers: bearer) { res async throws in
                #expect(res.status == .ok)
            }
            // A bearer request needs no CSRF token.
            try await api(app, .POST, "/tokens", json: ["name": "second"], headers: bearer) { res async throws in
                #expect(res.status == .created)
                let created = try res.content.decode(AccountsAPI.CreatedTokenBody.self)
                #expect(created.token.hasPrefix("odp_"))
            }
            var id = UUID()
            try await api(app, .GET, "/tokens", headers: bearer) { res async throws in
                let list = try res.content.decode(AccountsAPI.TokenList.self)
                #expect(list.items.map(\.name).sorted() == ["phone", "second"])
                #expect(!res.body.string.contains("odp_"))
                id = list.items.first { $0.name == "phone" }!.id
            }
            try await api(app, .DELETE, "/tokens/\(id)", headers: bearer) { res async throws in
                #expect(res.status == .noContent)
            }
            try await api(app, .GET, "/me", headers: bearer) { res async throws in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func aSuspendedMembersTokenIsRefused() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let secret = "odp_" + SecureToken.generate()
            try await APIToken(memberID: member.id!, name: "t", tokenHash: SecureToken.digest(secret)).create(on: app.db)
            member.suspendedAt = Date()
            try await member.save(on: app.db)
            try await api(app, .GET, "/me", headers: ["Authorization": "Bearer \(secret)"]) { res async throws in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func anotherMembersTokenCannotBeRevoked() async throws {
        try await withApp { app async throws in
            let owner = try await makeMember(app)
            let intruder = try await makeMember(app, email: "intruder@example.org", name: "Intruder")
            let mine = APIToken(memberID: owner.id!, name: "mine", tokenHash: SecureToken.digest("odp_mine"))
            try await mine.create(on: app.db)
            let theirs = "odp_" + SecureToken.generate()
            try await APIToken(memberID: intruder.id!, name: "theirs", tokenHash: SecureToken.digest(theirs)).create(on: app.db)
            let headers: HTTPHeaders = ["Authorization": "Bearer \(theirs)"]
            try await api(app, .DELETE, "/tokens/\(mine.id!)", headers: headers) { res async throws in
                #expect(res.status == .notFound)
            }
            try await api(app, .GET, "/tokens", headers: headers) { res async throws in
                #expect(try res.content.decode(AccountsAPI.TokenList.self).items.map(\.name) == ["theirs"])
            }
            #expect(try await APIToken.query(on: app.db).count() == 2)
        }
    }

    @Test func passwordRecoveryThroughTheAPI() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            for email in ["amina@example.org", "nobody@example.org"] {
                try await api(app, .POST, "/auth/password/forgot", json: ["email": email]) { res async throws in
                    #expect(res.status == .accepted)
                }
            }
            let token = try #require(try await linkToken(in: app, to: "amina@example.org", path: "/password/reset"))
            try await api(app, .POST, "/auth/password/reset", json: ["token": token, "password": "123456654321"]) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["password"])
            }
            try await api(app, .POST, "/auth/password/reset", json: ["token": token, "password": "a brand new passphrase"]) { res async throws in
                #expect(res.status == .noContent)
            }
            try await api(app, .POST, "/auth/password/reset", json: ["token": token, "password": "a brand new passphrase"]) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["token"])
            }
        }
    }
}
