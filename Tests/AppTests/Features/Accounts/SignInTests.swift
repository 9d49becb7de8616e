@testable import App
import Fluent
import Testing
import Vapor

@Suite("Signing in and out")
struct SignInTests {
    @Test func signingInStartsASessionWithAFreshIDAndReturnsToThePage() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = Browser()
            let token = try await visit(app, "/login", as: &browser)
            // A session cookie planted before sign-in (fixation) is not the one that gets signed in.
            browser.cookies[SessionCookie.sessionName] = "planted-by-an-attacker"
            try await submit(app, "/login", ["email": "AMINA@example.org", "password": goodPassword, "returnTo": "/account"], as: &browser, csrf: token) { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/account")
                let cookie = try #require(res.headers.setCookie?[SessionCookie.sessionName])
                #expect(cookie.isHTTPOnly)
                #expect(cookie.sameSite == .lax)
                #expect(!cookie.isSecure)
            }
            let first = try #require(browser.session)
            #expect(first != "planted-by-an-attacker")
            // Signing in again from the same browser replaces the session id.
            try await submit(app, "/login", ["email": "amina@example.org", "password": goodPassword], as: &browser)
            let second = try #require(browser.session)
            #expect(second != first)
            #expect(try await MemberSession.query(on: app.db).count() == 1)
            var old = Browser(cookies: [SessionCookie.sessionName: first])
            try await app.testing().test(.GET, "/account", headers: old.headers) { res async throws in
                old.remember(res)
                #expect(res.status == .seeOther)
            }
            #expect(old.session == nil)
        }
    }

    @Test func theSessionCookieIsSecureOverHTTPS() async throws {
        try await withApp { app async throws in
            app.appConfiguration.publicURL = URL(string: "https://diaspora.example.org")!
            try await makeMember(app)
            var browser = Browser()
            try await submit(app, "/login", ["email": "amina@example.org", "password": goodPassword], as: &browser) { res async throws in
                #expect(res.headers.setCookie?[SessionCookie.sessionName]?.isSecure == true)
                #expect(res.headers.first(name: .strictTransportSecurity)?.contains("max-age=") == true)
            }
        }
    }

    @Test func wrongCredentialsAreRefusedWithoutSayingWhichPartWasWrong() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            for (email, password) in [("amina@example.org", "wrong password here"), ("nobody@example.org", goodPassword)] {
                var browser = Browser()
                try await submit(app, "/login", ["email": email, "password": password], as: &browser) { res async throws in
                    #expect(res.status == .unprocessableEntity)
                    #expect(res.body.string.contains(htmlEscaped(try catalogText("login.error.credentials"))))
                    #expect(res.body.string.contains(#"value="\#(email)""#))
                }
                #expect(browser.session == nil)
            }
        }
    }

    @Test func suspendedMembersCannotSignIn() async throws {
        try await withApp { app async throws in
            try await makeMember(app, suspended: true)
            var browser = Browser()
            try await submit(app, "/login", ["email": "amina@example.org", "password": goodPassword], as: &browser) { res async throws in
                #expect(res.status == .forbidden)
            }
            #expect(browser.session == nil)
        }
    }

    @Test func aSessionEndsWhenItsMemberIsSuspended() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let browser = try await signedIn(app)
            member.suspendedAt = Date()
            try await member.save(on: app.db)
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(try await MemberSession.query(on: app.db).count() == 0)
        }
    }

    @Test func theTwentySixthAttemptFromOneAddressIsRefused() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = Browser()
            let token = try await visit(app, "/login", as: &browser)
            for attempt in 1...26 {
                try await submit(app, "/login", ["email": "amina@example.org", "password": "wrong password \(attempt)"], as: &browser, csrf: token) { res async throws in
                    if attempt <= 25 {
                        #expect(res.status == .unprocessableEntity)
                    } else {
                        #expect(res.status == .tooManyRequests)
                        // The address's 5-minute limit refuses it, or, when that window turned over
                        // during a slow run, the email's hourly one (both allow 25).
                        let retryAfter = Int(res.headers.first(name: "Retry-After") ?? "") ?? 0
                        #expect((1...3600).contains(retryAfter))
                    }
                }
            }
        }
    }

    @Test func idleSessionsExpire() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            let browser = try await signedIn(app)
            try app.manualClock.advance(by: SessionCookie.idleLifetime + 60)
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
            }
        }
    }

    @Test func signingOutNeedsTheTokenAndEndsTheSession() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = try await signedIn(app)
            try await submit(app, "/logout", [:], as: &browser, csrf: "wrong") { res async throws in
                #expect(res.status == .forbidden)
            }
            #expect(try await MemberSession.query(on: app.db).count() == 1)
            let token = try await visit(app, "/account", as: &browser)
            try await submit(app, "/logout", [:], as: &browser, csrf: token) { res async throws in
                #expect(res.status == .seeOther)
            }
            #expect(browser.session == nil)
            #expect(try await MemberSession.query(on: app.db).count() == 0)
        }
    }

    @Test func pagesForMembersSendVisitorsToSignInAndBack() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/account") { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/login?return=/account")
            }
        }
    }

    @Test(arguments: [
        "/account/email", "/account/password", "/account/language", "/account/sessions/end", "/account/tokens",
        "/account/tokens/\(UUID().uuidString.lowercased())/revoke", "/verify/resend",
    ])
    func memberOnlyFormsSendVisitorsToSignIn(path: String) async throws {
        try await withApp { app async throws in
            var visitor = Browser()
            try await submit(app, path, ["newEmail": "x@example.org", "locale": "fr", "name": "t"], as: &visitor) { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/login?return=") == true)
            }
            #expect(try await APIToken.query(on: app.db).count() == 0)
            #expect(try await outbox(app).isEmpty)
        }
    }

    @Test func signInDoesNotRedirectAway() async throws {
        try await withApp { app async throws in
            try await makeMember(app)
            var browser = Browser()
            try await submit(app, "/login", ["email": "amina@example.org", "password": goodPassword, "returnTo": "//evil.example/"], as: &browser) { res async throws in
                #expect(res.headers.first(name: .location) == "/")
            }
        }
    }
}
