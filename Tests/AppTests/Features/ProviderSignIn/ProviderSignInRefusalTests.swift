@testable import App
import Fluent
import NIOCore
import Testing
import Vapor

/// Every answer the site must refuse: nobody is signed in, nothing is created, and the log says why.
@Suite("Refusing provider sign-ins")
struct ProviderSignInRefusalTests {
    /// Runs one sign-in with the fake bent by `behave` and returns the site's status and the logged reason.
    private func refusal(timeout: TimeAmount = .seconds(10), _ behave: @escaping @Sendable (inout FakeIdentityProvider.Behaviour) -> Void = { _ in },
                         drive: ((ProviderSignInDriver, inout Browser) async throws -> HTTPStatus?)? = nil) async throws -> (HTTPStatus?, String?) {
        try await ProviderSignInDriver.withProvider(timeout: timeout) { app, fake async throws in
            let logs = LogCapture()
            app.middleware.use(logs.middleware, at: .beginning)
            fake.behave(behave)
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            let status = try await (drive ?? { try await $0.signIn(as: &$1)?.status })(driver, &browser)
            #expect(browser.session == nil)
            #expect(try await Member.query(on: app.db).count() == 0)
            #expect(try await PendingProviderSignUp.query(on: app.db).count() == 0)
            let reason = logs.logged.first { $0.message == "Provider sign-in refused" }?.metadata["reason"]
            return (status, reason)
        }
    }

    @Test func aMissingStateIsRefused() async throws {
        let (status, reason) = try await refusal(drive: { driver, browser in
            let url = try await driver.start("oidc", as: &browser)
            let callback = try await driver.authorize(url)
            let withoutState = callback.replacingOccurrences(of: #"&state=[^&]*"#, with: "", options: .regularExpression)
            return try await driver.callback(withoutState, as: &browser)?.status
        })
        #expect(status == .badRequest)
        #expect(reason == "state unknown or used")
    }

    @Test func aWrongStateIsRefused() async throws {
        let (status, reason) = try await refusal(drive: { driver, browser in
            let url = try await driver.start("oidc", as: &browser)
            let callback = try await driver.authorize(url)
            let forged = callback.replacingOccurrences(of: #"state=[^&]*"#, with: "state=\(SecureToken.generate())", options: .regularExpression)
            return try await driver.callback(forged, as: &browser)?.status
        })
        #expect(status == .badRequest)
        #expect(reason == "state unknown or used")
    }

    @Test func aReplayedStateIsRefused() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            let callback = try await driver.authorize(try await driver.start("oidc", as: &browser))
            let first = try await driver.callback(callback, as: &browser)
            #expect(first?.status == .seeOther)
            let replay = try await driver.callback(callback, as: &browser)
            #expect(replay?.status == .badRequest)
            #expect(replay?.body.string.contains(htmlEscaped(try catalogText("providerSignIn.refused.state"))) == true)
        }
    }

    @Test func anExpiredStateIsRefused() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let logs = LogCapture()
            app.middleware.use(logs.middleware, at: .beginning)
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            let callback = try await driver.authorize(try await driver.start("oidc", as: &browser))
            try app.manualClock.advance(by: ProviderSignInAttempt.lifetime + 1)
            #expect(try await driver.callback(callback, as: &browser)?.status == .badRequest)
            #expect(logs.logged.contains { $0.metadata["reason"] == "state expired" })
            #expect(fake.tokenRequests.isEmpty)
        }
    }

    @Test func aStateFromAnotherBrowserIsRefused() async throws {
        let (status, reason) = try await refusal(drive: { driver, browser in
            let callback = try await driver.authorize(try await driver.start("oidc", as: &browser))
            var victim = Browser()
            let answer = try await driver.callback(callback, as: &victim)
            #expect(victim.session == nil)
            return answer?.status
        })
        #expect(status == .badRequest)
        #expect(reason == "state from another browser")
    }

    @Test func aStateFromAnotherSessionIsRefused() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            try await makeMember(app)
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            let callback = try await driver.authorize(try await driver.start("oidc", as: &browser))
            // Signed in meanwhile: the trip was started signed out, so it cannot link to this account.
            var signedInBrowser = try await signedIn(app)
            signedInBrowser.cookies[ProviderSignInService.bindingCookie] = browser.cookies[ProviderSignInService.bindingCookie]
            let answer = try await driver.callback(callback, as: &signedInBrowser)
            #expect(answer?.status == .badRequest)
            #expect(try await MemberIdentity.query(on: app.db).count() == 0)
        }
    }

    @Test func aStateOfAnotherProviderIsRefused() async throws {
        let (status, reason) = try await refusal(drive: { driver, browser in
            let callback = try await driver.authorize(try await driver.start("oidc", as: &browser))
            return try await driver.callback(callback.replacingOccurrences(of: "/auth/oidc/", with: "/auth/google/"), as: &browser)?.status
        })
        #expect(status == .badRequest)
        #expect(reason == "state of another provider")
    }

    @Test func theProvidersAccessDeniedSaysTheMemberCancelled() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            fake.behave { $0.deny = true }
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            let answer = try await driver.signIn(as: &browser)
            #expect(answer?.status == .badRequest)
            #expect(answer?.body.string.contains(htmlEscaped(try catalogText("providerSignIn.refused.cancelled", .en, ["provider": "Agency SSO"]))) == true)
            #expect(fake.tokenRequests.isEmpty)
        }
    }

    @Test func aWrongNonceIsRefused() async throws {
        let (status, reason) = try await refusal { $0.nonce = "not-the-nonce-we-sent" }
        #expect(status == .badRequest)
        #expect(reason == "id-token:wrong-nonce")
    }

    @Test func aBadSignatureIsRefused() async throws {
        let (status, reason) = try await refusal { $0.signing = .otherKeyUnderPublishedKid }
        #expect(status == .badRequest)
        #expect(reason == "id-token:bad-signature")
    }

    @Test func anAlgorithmOtherThanTheKeysIsRefused() async throws {
        let (status, reason) = try await refusal { $0.otherAlgorithm = true }
        #expect(status == .badRequest)
        #expect(reason == "id-token:unsupported-algorithm")
    }

    @Test func anUnknownKeyIsRefusedAfterTheKeysAreFetchedAgain() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let logs = LogCapture()
            app.middleware.use(logs.middleware, at: .beginning)
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var first = Browser()
            try await driver.signIn(as: &first)
            #expect(fake.keySetFetches == 1)
            fake.behave { $0.signing = .rotatedKey; $0.person.subject = "fake-subject-2" }
            var browser = Browser()
            let answer = try await driver.signIn(as: &browser)
            #expect(answer?.status == .badRequest)
            #expect(fake.keySetFetches == 2)
            #expect(logs.logged.contains { $0.metadata["reason"] == "id-token:unknown-key" })
        }
    }

    @Test func aRotatedKeyIsAcceptedOnceTheProviderPublishesIt() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var first = Browser()
            try await driver.signIn(as: &first)
            fake.rotateKeys()
            fake.behave { $0.signing = .rotatedKey }
            var browser = Browser()
            let answer = try await driver.signIn(as: &browser)
            #expect(answer?.status == .seeOther)
            #expect(answer?.headers.first(name: .location) == "/auth/confirm")
            #expect(fake.keySetFetches == 2)
        }
    }

    @Test func anExpiredTokenIsRefused() async throws {
        let (status, reason) = try await refusal { $0.lifetime = -600 }
        #expect(status == .badRequest)
        #expect(reason == "id-token:expired")
    }

    @Test func aWrongAudienceIsRefused() async throws {
        let (status, reason) = try await refusal { $0.audience = "another-client" }
        #expect(status == .badRequest)
        #expect(reason == "id-token:wrong-audience")
    }

    @Test func aWrongIssuerIsRefused() async throws {
        let (status, reason) = try await refusal { $0.issuer = "https://impostor.example.org" }
        #expect(status == .badRequest)
        #expect(reason == "id-token:wrong-issuer")
    }

    @Test func aTokenEndpointThatTimesOutIsAnsweredWithoutWaitingForIt() async throws {
        // The fake never answers; the site gives up after its deadline (5 s here, ample for the
        // other calls even on a busy machine).
        let (status, reason) = try await refusal(timeout: .seconds(5)) { $0.tokenHangs = true }
        #expect(status == .badGateway)
        #expect(reason == "provider-unreachable:token")
    }

    @Test func anUnknownOrSwitchedOffProviderIsNotFound() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/auth/google/start") { res async throws in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/auth/myspace/callback?state=x&code=y") { res async throws in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/login") { res async throws in
                #expect(!res.body.string.contains("/auth/"))
            }
        }
    }
}
