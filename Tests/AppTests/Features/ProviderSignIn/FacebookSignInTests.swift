@testable import App
import Fluent
import Testing
import Vapor

@Suite("Signing in with Facebook")
struct FacebookSignInTests {
    @Test func theFacebookFlowUsesTheDialogTheTokenExchangeAndGraphMe() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            fake.behave { $0.person = .init(subject: "10220000001", email: "karim@example.org", emailVerified: nil, name: "Karim Haddad", picture: fake.baseURL + "/photo.png") }
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            let location = try await driver.start("facebook", as: &browser)
            #expect(location.hasPrefix(fake.baseURL + "/dialog/oauth?"))
            #expect(location.contains("code_challenge_method=S256"))
            #expect(location.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fauth%2Ffacebook%2Fcallback"))
            let answer = try await driver.callback(try await driver.authorize(location), as: &browser)
            #expect(answer?.status == .seeOther)
            #expect(answer?.headers.first(name: .location) == "/auth/confirm")
            // The fake Graph API answered /me only because appsecret_proof was right.
            try await driver.confirm(as: &browser, fields: ["consent": "1", "usePhoto": "1"])
            #expect(browser.session != nil)
            let member = try #require(try await Member.query(on: app.db).first())
            #expect(member.displayName == "Karim Haddad")
            // Facebook does not say the address was verified, so it is not.
            #expect(member.emailVerifiedAt == nil)
            #expect(try await linkToken(in: app, to: "karim@example.org", path: "/verify") != nil)
            #expect(try await MemberProfile.find(member.requireID(), on: app.db)?.photoHash != nil)
            let identity = try #require(try await MemberIdentity.query(on: app.db).first())
            #expect(identity.provider == "facebook")
            #expect(identity.issuer == SignInProvider.facebookIssuer)
            #expect(identity.subject == "10220000001")

            var again = Browser()
            let returning = try await driver.signIn("facebook", as: &again)
            #expect(returning?.headers.first(name: .location) == "/")
            #expect(again.session != nil)
        }
    }

    @Test func aFacebookDenialAndAnInvalidCodeAreRefused() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            fake.behave { $0.deny = true }
            var browser = Browser()
            #expect(try await driver.signIn("facebook", as: &browser)?.status == .badRequest)
            fake.behave { $0.deny = false }
            let callback = try await driver.authorize(try await driver.start("facebook", as: &browser))
            let tampered = callback.replacingOccurrences(of: #"code=[^&]*"#, with: "code=forged", options: .regularExpression)
            #expect(try await driver.callback(tampered, as: &browser)?.status == .badRequest)
            #expect(browser.session == nil)
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }
}
