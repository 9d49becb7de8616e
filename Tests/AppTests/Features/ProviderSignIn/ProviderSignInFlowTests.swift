@testable import App
import Fluent
import Testing
import Vapor

@Suite("Signing in through an OpenID Connect provider")
struct ProviderSignInFlowTests {
    @Test func theStartSendsTheBrowserToTheProviderWithPKCEStateAndNonce() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            let location = try await driver.start("oidc", as: &browser)
            let components = try #require(URLComponents(string: location))
            let query = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(location.hasPrefix(fake.baseURL + "/authorize?"))
            #expect(query["response_type"] == "code")
            #expect(query["client_id"] == FakeIdentityProvider.clientID)
            #expect(query["redirect_uri"] == "http://127.0.0.1:8080/auth/oidc/callback")
            #expect(query["code_challenge_method"] == "S256")
            #expect(query["code_challenge"]?.count == 43)
            #expect(query["scope"]?.split(separator: " ").contains("openid") == true)
            #expect((query["state"]?.count ?? 0) >= 43)
            #expect((query["nonce"]?.count ?? 0) >= 43)
            // The state is stored only as a digest, bound to this browser's cookie.
            let attempt = try #require(try await ProviderSignInAttempt.query(on: app.db).first())
            #expect(attempt.stateHash == SecureToken.digest(query["state"] ?? ""))
            #expect(attempt.codeVerifier != query["code_challenge"])
            #expect(attempt.bindingHash == SecureToken.digest(browser.cookies[ProviderSignInService.bindingCookie] ?? "-"))
            try await app.testing().test(.GET, "/auth/oidc/start", headers: browser.headers) { res async throws in
                let cookie = try #require(res.headers.setCookie?[ProviderSignInService.bindingCookie])
                #expect(cookie.isHTTPOnly)
                #expect(cookie.sameSite == .lax)
                #expect(cookie.path == "/auth")
                // A new binding per trip: an abandoned trip cannot be finished by the next person.
                #expect(cookie.string != browser.cookies[ProviderSignInService.bindingCookie])
            }
        }
    }

    @Test func aStartOnAnotherNameForTheSiteGoesRoundByThePublicAddress() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            try await app.testing().test(.GET, "/auth/oidc/start?return=/members", headers: ["Host": "localhost:8080"]) { res async throws in
                #expect(res.status == .found)
                #expect(res.headers.first(name: .location) == "http://127.0.0.1:8080/auth/oidc/start?canonical=1&return=%2Fmembers")
                #expect(res.headers.setCookie?[ProviderSignInService.bindingCookie] == nil)
            }
            for query in ["", "?canonical=1"] {
                let host = query.isEmpty ? "127.0.0.1:8080" : "internal-name:8080"
                try await app.testing().test(.GET, "/auth/oidc/start" + query, headers: ["Host": host]) { res async throws in
                    #expect(res.headers.first(name: .location)?.hasPrefix(fake.baseURL + "/authorize?") == true)
                }
            }
        }
    }

    @Test func unfinishedTripsAndConfirmationsAreSweptWhenExpired() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.signIn(as: &browser)
            _ = try await driver.start("oidc", as: &browser)
            #expect(try await PendingProviderSignUp.query(on: app.db).count() == 1)
            #expect(try await ProviderSignInAttempt.query(on: app.db).count() == 1)
            try await ProviderSignInHousekeeping.run(app)
            #expect(try await ProviderSignInAttempt.query(on: app.db).count() == 1)
            try app.manualClock.advance(by: max(ProviderSignInAttempt.lifetime, PendingProviderSignUp.lifetime) + 1)
            try await ProviderSignInHousekeeping.run(app)
            #expect(try await ProviderSignInAttempt.query(on: app.db).count() == 0)
            #expect(try await PendingProviderSignUp.query(on: app.db).count() == 0)
        }
    }

    @Test func aNewcomerConfirmsAndIsSignedInWithTheVouchedAddressVerified() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            let answer = try await driver.signIn(as: &browser)
            #expect(answer?.status == .seeOther)
            #expect(answer?.headers.first(name: .location) == "/auth/confirm")
            #expect(browser.session == nil)
            // The token call carried the secret (HTTP Basic, discovery's default) and the PKCE
            // verifier; the fake refuses it otherwise.
            let tokenCall = try #require(fake.tokenRequests.first)
            #expect(tokenCall["authentication"] == "basic")
            #expect(tokenCall["client_secret"] == FakeIdentityProvider.clientSecret)
            #expect(tokenCall["code_verifier"]?.count == 43)
            try await app.testing().test(.GET, "/auth/confirm", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("value=\"Nadia Benali\""))
                #expect(res.body.string.contains("value=\"nadia@example.org\""))
                #expect(res.body.string.contains(htmlEscaped(try catalogText("providerSignIn.confirm.heading", .en, ["provider": "Agency SSO"]))))
            }
            let confirmed = try await driver.confirm(as: &browser, fields: ["consent": "1"])
            #expect(confirmed?.status == .seeOther)
            #expect(browser.session != nil)
            let member = try #require(try await Member.query(on: app.db).first())
            #expect(member.displayName == "Nadia Benali")
            #expect(member.email == "nadia@example.org")
            #expect(member.passwordHash == nil)
            #expect(member.emailVerifiedAt != nil)
            let identity = try #require(try await MemberIdentity.query(on: app.db).first())
            #expect(identity.$member.id == member.id)
            #expect(identity.provider == "oidc")
            #expect(identity.issuer == fake.issuer)
            #expect(identity.subject == "fake-subject-1")
            #expect(try await outbox(app).isEmpty)
            #expect(try await PendingProviderSignUp.query(on: app.db).count() == 0)
        }
    }

    @Test func theSecretGoesInTheFormWhenTheProviderListsOnlyThat() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            fake.behave { $0.authMethods = ["client_secret_post"] }
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            #expect(try await driver.signIn(as: &browser)?.headers.first(name: .location) == "/auth/confirm")
            #expect(fake.tokenRequests.first?["authentication"] == "form")
        }
    }

    @Test func theConfirmationKeepsInputAndNamesEachWrongField() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.signIn(as: &browser)
            let answer = try await driver.confirm(as: &browser, fields: ["displayName": "Nadia B.", "email": "not-an-address"])
            #expect(answer?.status == .unprocessableEntity)
            let page = answer?.body.string ?? ""
            #expect(page.contains("value=\"Nadia B.\""))
            #expect(page.contains("value=\"not-an-address\""))
            #expect(page.contains(htmlEscaped(try catalogText("account.error.email.invalid"))))
            #expect(page.contains(htmlEscaped(try catalogText("join.error.consent"))))
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }

    @Test func confirmingEndsTheTripSoTheBrowserHoldsNothingToFinish() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.join(as: &browser)
            #expect(browser.cookies[ProviderSignInService.bindingCookie] == nil)
            // Signing out also drops an unfinished trip's binding.
            var newcomer = Browser()
            try await driver.signIn(as: &newcomer)
            fake.behave { $0.person.subject = "fake-subject-2" }
            newcomer.cookies[SessionCookie.sessionName] = browser.session
            try await submit(app, "/logout", [:], as: &newcomer)
            #expect(newcomer.cookies[ProviderSignInService.bindingCookie] == nil)
            try await app.testing().test(.GET, "/auth/confirm", headers: newcomer.headers) { res async throws in
                #expect(res.status == .badRequest)
            }
        }
    }

    @Test func anIdentityConfirmedInTwoBrowsersMakesOneMember() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var first = Browser()
            var second = Browser()
            try await driver.signIn(as: &first)
            try await driver.signIn(as: &second)
            try await driver.confirm(as: &first, fields: ["consent": "1"])
            let answer = try await driver.confirm(as: &second, fields: ["consent": "1", "email": "second@example.org"])
            #expect(answer?.status == .seeOther)
            #expect(answer?.headers.first(name: .location) == "/login")
            #expect(second.session == nil)
            #expect(try await Member.query(on: app.db).count() == 1)
        }
    }

    @Test func whoeverProvesTheMailboxTakesTheAccountBackWithoutTheProviderLink() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            // Someone joins through their own provider account with another person's address.
            fake.behave { $0.person.email = "mallory@example.org" }
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var mallory = Browser()
            try await driver.join(as: &mallory, extra: ["email": "victim@example.org"])
            #expect(try await MemberIdentity.query(on: app.db).count() == 1)
            // The address's owner recovers the account by mail.
            var victim = Browser()
            try await submit(app, "/password/forgot", ["email": "victim@example.org"], as: &victim)
            let token = try #require(try await linkToken(in: app, to: "victim@example.org", path: "/password/reset"))
            try await submit(app, "/password/reset", ["token": token, "password": goodPassword], as: &victim) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await MemberIdentity.query(on: app.db).count() == 0)
            var again = Browser()
            #expect(try await driver.signIn(as: &again)?.headers.first(name: .location) == "/auth/confirm")
            #expect(again.session == nil)
        }
    }

    @Test func aReturningMemberIsSignedInWithANewSessionID() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var first = Browser()
            try await driver.join(as: &first)
            var browser = Browser()
            let callback = try await driver.authorize(try await driver.start("oidc", as: &browser))
            // A session cookie planted before the callback (fixation) is not the one that gets signed in.
            browser.cookies[SessionCookie.sessionName] = "planted-by-an-attacker"
            let answer = try await driver.callback(callback, as: &browser)
            #expect(answer?.status == .seeOther)
            #expect(answer?.headers.first(name: .location) == "/")
            let session = try #require(browser.session)
            #expect(session != "planted-by-an-attacker")
            #expect(session != first.session)
            #expect(try await Member.query(on: app.db).count() == 1)
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("nadia@example.org"))
            }
        }
    }

    @Test func anUnverifiedAddressIsNotTakenAsVerifiedAndGetsAVerificationMail() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            fake.behave { $0.person.emailVerified = false }
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.join(as: &browser)
            let member = try #require(try await Member.query(on: app.db).first())
            #expect(member.emailVerifiedAt == nil)
            #expect(try await linkToken(in: app, to: "nadia@example.org", path: "/verify") != nil)
        }
    }

    @Test func aChangedAddressIsNotTakenAsVerified() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.join(as: &browser, extra: ["email": "other@example.org"])
            let member = try #require(try await Member.query(on: app.db).first())
            #expect(member.email == "other@example.org")
            #expect(member.emailVerifiedAt == nil)
        }
    }

    @Test func anExistingAccountWithTheSameAddressIsNeverLinkedByEmail() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let existing = try await makeMember(app, email: "Nadia@example.org")
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            let answer = try await driver.signIn(as: &browser)
            #expect(answer?.headers.first(name: .location) == "/auth/confirm")
            #expect(browser.session == nil)
            try await app.testing().test(.GET, "/auth/confirm", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains(htmlEscaped(try catalogText("providerSignIn.confirm.signInToLink", .en, ["provider": "Agency SSO"]))))
                #expect(res.body.string.contains("/login?return=/account"))
            }
            let retry = try await driver.confirm(as: &browser, fields: ["email": "nadia@example.org", "consent": "1"])
            #expect(retry?.status == .unprocessableEntity)
            #expect(retry?.body.string.contains(htmlEscaped(try catalogText("providerSignIn.confirm.emailTaken"))) == true)
            #expect(try await MemberIdentity.query(on: app.db).count() == 0)
            #expect(try await MemberSession.query(on: app.db).filter(\.$member.$id == existing.requireID()).count() == 0)
        }
    }

    @Test func aProviderNameCanComeFromUserInfoAboutTheSameSubjectOnly() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            fake.behave { $0.bareIDToken = true }
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.join(as: &browser)
            let member = try #require(try await Member.query(on: app.db).first())
            #expect(member.displayName == "Nadia Benali")
            #expect(member.emailVerifiedAt != nil)

            fake.behave { $0.person.subject = "fake-subject-2"; $0.userInfoSubject = "someone-else" }
            var stranger = Browser()
            let answer = try await driver.signIn(as: &stranger)
            #expect(answer?.status == .badRequest)
        }
    }

    @Test func aSuspendedMemberIsNotSignedIn() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var first = Browser()
            try await driver.join(as: &first)
            let member = try #require(try await Member.query(on: app.db).first())
            member.suspendedAt = Date()
            try await member.save(on: app.db)
            var browser = Browser()
            let answer = try await driver.signIn(as: &browser)
            #expect(answer?.status == .forbidden)
            #expect(browser.session == nil)
        }
    }

    @Test func theProviderPhotoIsUsedOnlyWhenTheNewcomerAccepts() async throws {
        try await ProviderSignInDriver.withProvider { app, fake async throws in
            fake.behave { $0.person.picture = fake.baseURL + "/moved-photo" }
            let driver = ProviderSignInDriver(app: app, fake: fake)
            var browser = Browser()
            try await driver.join(as: &browser, extra: ["usePhoto": "1"])
            let member = try #require(try await Member.query(on: app.db).first())
            let profile = try await MemberProfile.find(member.requireID(), on: app.db)
            #expect(profile?.photoHash != nil)

            fake.behave { $0.person.subject = "fake-subject-2"; $0.person.email = "omar@example.org" }
            var other = Browser()
            let answer = try await driver.signIn(as: &other)
            #expect(answer?.status == .seeOther)
            try await app.testing().test(.GET, "/auth/confirm", headers: other.headers) { res async throws in
                #expect(res.body.string.contains("name=\"usePhoto\""))
            }
            try await driver.confirm(as: &other, fields: ["consent": "1"])
            let omar = try #require(try await Member.withEmail("omar@example.org", on: app.db).first())
            let omarProfile = try await MemberProfile.find(omar.requireID(), on: app.db)
            #expect(omarProfile?.photoHash == nil)
        }
    }
}
