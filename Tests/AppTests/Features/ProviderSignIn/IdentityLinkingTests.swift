@testable import App
import Fluent
import Testing
import Vapor

@Suite("Linking and unlinking sign-in methods")
struct IdentityLinkingTests {
    @Test func aSignedInMemberLinksAProviderAndSeesItOnTheAccountPage() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let member = try await makeMember(app)
            var browser = try await signedIn(app)
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains("action=\"/auth/oidc/start\""))
                #expect(res.body.string.contains(htmlEscaped(try catalogText("account.identities.none"))))
            }
            // A plain link (from anywhere) does not start linking; the account page's form does.
            try await app.testing().test(.GET, "/auth/oidc/start", headers: browser.headers) { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/account")
            }
            try await app.testing().test(.POST, "/auth/oidc/start", headers: browser.headers) { res async throws in
                #expect(res.status == .forbidden)
            }
            #expect(try await ProviderSignInAttempt.query(on: app.db).count() == 0)
            let driver = ProviderSignInDriver(app: app, fake: fake)
            let answer = try await driver.signIn(as: &browser)
            #expect(answer?.status == .seeOther)
            #expect(answer?.headers.first(name: .location) == "/account")
            let identity = try #require(try await MemberIdentity.query(on: app.db).first())
            #expect(identity.$member.id == member.id)
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains("Agency SSO"))
                #expect(res.body.string.contains("/account/sign-in-methods/\(try identity.requireID().uuidString.lowercased())/unlink"))
                #expect(!res.body.string.contains("action=\"/auth/oidc/start\""))
            }
            // Signed out, the provider now signs this member in.
            var other = Browser()
            #expect(try await driver.signIn(as: &other)?.headers.first(name: .location) == "/")
            #expect(try await Member.query(on: app.db).count() == 1)

            let again = try await driver.signIn(as: &browser)
            #expect(again?.headers.first(name: .location) == "/account")
            #expect(try await MemberIdentity.query(on: app.db).count() == 1)
        }
    }

    @Test func anIdentityOfAnotherMemberIsNotLinked() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var nadia = Browser()
            try await driver.join(as: &nadia)
            try await makeMember(app)
            var amina = try await signedIn(app)
            let answer = try await driver.signIn(as: &amina)
            #expect(answer?.status == .conflict)
            let identity = try #require(try await MemberIdentity.query(on: app.db).first())
            #expect(try await identity.$member.get(on: app.db).email == "nadia@example.org")
        }
    }

    @Test func unlinkingIsRefusedWhenItWouldLeaveNoWayToSignIn() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.join(as: &browser)
            let first = try #require(try await MemberIdentity.query(on: app.db).first())
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains(htmlEscaped(try catalogText("account.identities.onlyWay"))))
                #expect(res.body.string.contains(htmlEscaped(try catalogText("account.password.sendLink"))))
            }
            let path = "/account/sign-in-methods/\(try first.requireID().uuidString.lowercased())/unlink"
            try await submit(app, path, [:], as: &browser) { res async throws in
                #expect(res.status == .conflict)
                #expect(res.body.string.contains(htmlEscaped(try catalogText("account.identities.lastMethod"))))
            }
            #expect(try await MemberIdentity.query(on: app.db).count() == 1)

            // With Google linked too, the first can go.
            let google = try await driver.signIn("google", as: &browser)
            #expect(google?.headers.first(name: .location) == "/account")
            try await submit(app, path, [:], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            let left = try await MemberIdentity.query(on: app.db).all()
            #expect(left.map(\.provider) == ["google"])
        }
    }

    @Test func anotherMemberCannotUnlinkSomeoneElsesMethod() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var nadia = Browser()
            try await driver.join(as: &nadia)
            try await driver.signIn("google", as: &nadia)
            let identity = try #require(try await MemberIdentity.query(on: app.db).first())
            let member = try await makeMember(app)
            var amina = try await signedIn(app)
            try await submit(app, "/account/sign-in-methods/\(try identity.requireID().uuidString.lowercased())/unlink", [:], as: &amina) { res async throws in
                #expect(res.status == .notFound)
            }
            try await api(app, .DELETE, "/me/identities/\(try identity.requireID())", headers: try await bearer(app, for: member)) { res async throws in
                #expect(res.status == .notFound)
            }
            #expect(try await MemberIdentity.query(on: app.db).count() == 2)
        }
    }

    @Test func aMemberWithoutPasswordSetsOneByMailLinkNotInTheSession() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.join(as: &browser)
            try await submit(app, "/account/password", ["currentPassword": "", "newPassword": goodPassword], as: &browser) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
            try await submit(app, "/account/email", ["newEmail": "new@example.org", "emailPassword": ""], as: &browser) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains(htmlEscaped(try catalogText("account.email.needsPassword"))))
            }
            #expect(try await Member.query(on: app.db).first()?.passwordHash == nil)
            try await submit(app, "/account/password/link", [:], as: &browser) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await linkToken(in: app, to: "nadia@example.org", path: "/password/reset") != nil)
        }
    }

    @Test func theAPIListsProvidersAndTheMembersMethods() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            try await api(app, .GET, "/auth/providers") { res async throws in
                #expect(res.status == .ok)
                let body = try res.content.decode(ProviderSignInAPI.ProviderList.self)
                #expect(body.items.map(\.id) == ["google", "facebook", "oidc"])
                #expect(body.items.last?.name == "Agency SSO")
                #expect(body.items.last?.startURL == "http://127.0.0.1:8080/auth/oidc/start")
            }
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.join(as: &browser)
            let member = try #require(try await Member.query(on: app.db).first())
            let headers = try await bearer(app, for: member)
            var identityID = UUID()
            try await api(app, .GET, "/me/identities", headers: headers) { res async throws in
                let body = try res.content.decode(IdentitiesAPI.IdentityList.self)
                #expect(body.hasPassword == false)
                #expect(body.items.map(\.provider) == ["oidc"])
                #expect(body.items.first?.email == "nadia@example.org")
                identityID = try #require(body.items.first?.id)
            }
            try await api(app, .DELETE, "/me/identities/\(identityID)", headers: headers) { res async throws in
                #expect(res.status == .conflict)
                #expect(res.headers.contentType == Problem.mediaType)
            }
        }
        try await withApp { app async throws in
            try await api(app, .GET, "/auth/providers") { res async throws in
                #expect(try res.content.decode(ProviderSignInAPI.ProviderList.self).items.isEmpty)
            }
        }
    }
}
