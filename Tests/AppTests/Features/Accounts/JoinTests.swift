@testable import App
import Fluent
import Testing
import Vapor

@Suite("Joining")
struct JoinTests {
    let form = ["email": "Amina@Example.org", "displayName": "Amina Diallo", "password": goodPassword, "consent": "1"]

    @Test func joiningAsksToCheckTheMailAndTheJobMakesAnUnverifiedMember() async throws {
        try await withApp { app async throws in
            var browser = Browser()
            try await submit(app, "/join", form, as: &browser) { res async throws in
                #expect(res.status == .ok)
                #expect(res.h1 == htmlEscaped(try catalogText("join.sent.heading")))
            }
            #expect(browser.session == nil, "no one is signed in before the address is proven")
            // The answer is given before anyone looks the address up: the member comes from the job.
            #expect(try await Member.query(on: app.db).count() == 0)
            #expect(try await QueuedJob.query(on: app.db).count() == 1)
            let mails = try await outbox(app)
            let member = try #require(try await Member.query(on: app.db).first())
            #expect(member.email == "Amina@Example.org")
            #expect(member.emailKey == "amina@example.org")
            #expect(member.emailVerifiedAt == nil)
            #expect(member.passwordHash?.hasPrefix("$2") == true)
            #expect(mails.count == 1)
            #expect(mails.first?.toAddress == "Amina@Example.org")
            #expect(mails.first?.subject == (try catalogText("mail.verify.subject", .en, ["site": "OpenDiaspora"])))
            #expect(try await linkToken(in: app, to: "Amina@Example.org", path: "/verify") != nil)
            #expect(try await QueuedJob.query(on: app.db).count() == 0)
            // Signed in with the password meanwhile, but unverified: the banner asks to confirm the address.
            let signedIn = try await signedIn(app, email: "amina@example.org")
            try await app.testing().test(.GET, "/", headers: signedIn.headers) { res async throws in
                #expect(res.body.string.contains(htmlEscaped(try catalogText("layout.verify.banner"))))
            }
        }
    }

    @Test func aTakenAddressGetsTheSameAnswerAndOnlyItsOwnerIsTold() async throws {
        try await withApp { app async throws in
            let owner = try await makeMember(app, email: "amina@example.org")
            let ownersHash = owner.passwordHash
            var answers: [String] = []
            for email in ["Amina@Example.org", "someone.new@example.org"] {
                var browser = Browser()
                var input = form
                input["email"] = email
                try await submit(app, "/join", input, as: &browser) { res async throws in
                    #expect(res.status == .ok)
                    // The whole page but the per-request parts (CSRF token, request id) is the same.
                    answers.append(res.body.string.replacingOccurrences(of: #"value="[^"]{40,}""#, with: "", options: .regularExpression))
                }
            }
            #expect(answers[0] == answers[1])
            let mails = try await outbox(app).filter { $0.toAddress.lowercased() == "amina@example.org" }
            #expect(mails.count == 1)
            #expect(mails.first?.subject == (try catalogText("mail.joinAttempt.subject", .en, ["site": "OpenDiaspora"])))
            #expect(mails.first?.textBody.contains("http://127.0.0.1:8080/login") == true)
            #expect(try await Member.query(on: app.db).count() == 2, "the owner and the new address")
            #expect(try await Member.find(owner.requireID(), on: app.db)?.passwordHash == ownersHash, "the owner's account is untouched")
            #expect(try await AccountToken.query(on: app.db).filter(\.$member.$id == owner.requireID()).count() == 0)
        }
    }

    @Test(arguments: [
        ("short pass", "password.error.short"),
        (String(repeating: "x", count: 129), "password.error.long"),
        ("qwerty123456", "password.error.common"),
        ("QWERTYQWERTY", "password.error.common"),
    ])
    func weakPasswordsAreRefusedNextToTheField(password: String, key: String) async throws {
        try await withApp { app async throws in
            var browser = Browser()
            var input = form
            input["password"] = password
            try await submit(app, "/join", input, as: &browser) { res async throws in
                #expect(res.status == .unprocessableEntity)
                let message = htmlEscaped(try catalogText(key, .en, ["min": "12", "max": "128"]))
                #expect(res.body.string.contains(#"<p class="field-error" id="f-password-error">\#(message)</p>"#))
                #expect(res.body.string.contains(#"aria-describedby="f-password-hint f-password-error""#))
                // What was typed is kept (except the password).
                #expect(res.body.string.contains(#"value="Amina@Example.org""#))
                #expect(!res.body.string.contains(password))
            }
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }

    @Test func everyWrongFieldGetsItsOwnMessage() async throws {
        try await withApp { app async throws in
            var browser = Browser()
            try await submit(app, "/join", ["email": "not-an-email", "displayName": " ", "password": ""], as: &browser) { res async throws in
                #expect(res.status == .unprocessableEntity)
                for field in ["email", "displayName", "password", "consent"] {
                    #expect(res.body.string.contains(#"id="f-\#(field)-error""#), "no message for \(field)")
                }
            }
        }
    }

    @Test func aFormWithoutTheRightCSRFTokenIsRefused() async throws {
        try await withApp { app async throws in
            var browser = Browser()
            try await visit(app, "/join", as: &browser)
            try await submit(app, "/join", form, as: &browser, csrf: "forged-token") { res async throws in
                #expect(res.status == .forbidden)
                #expect(res.body.string.contains(htmlEscaped(try catalogText("error.csrf.message"))))
            }
            var stranger = Browser()
            try await submit(app, "/join", form, as: &stranger, csrf: "") { res async throws in
                #expect(res.status == .forbidden)
            }
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }

    @Test func registrationIsLimitedPerAddress() async throws {
        try await withApp { app async throws in
            for attempt in 1...6 {
                var browser = Browser()
                var input = form
                input["email"] = "person\(attempt)@example.org"
                try await submit(app, "/join", input, as: &browser) { res async throws in
                    #expect(res.status == (attempt <= 5 ? .ok : .tooManyRequests))
                    if attempt == 6 { #expect(Int(res.headers.first(name: "Retry-After") ?? "") ?? 0 > 0) }
                }
            }
        }
    }

    @Test func theTermsAndPrivacyPagesExistInEveryLanguage() async throws {
        try await withApp { app async throws in
            for (path, key) in [("/terms", "legal.terms.title"), ("/privacy", "legal.privacy.title")] {
                for locale in AppLocale.allCases {
                    try await app.testing().test(.GET, path, headers: .acceptLanguage(locale.rawValue)) { res async throws in
                        #expect(res.status == .ok)
                        #expect(res.h1 == htmlEscaped(try catalogText(key, locale)))
                    }
                }
            }
        }
    }
}
