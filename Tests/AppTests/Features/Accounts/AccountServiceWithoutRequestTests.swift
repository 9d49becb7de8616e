@testable import App
import ConsoleKit
import Fluent
import Testing
import Vapor

/// The accounts service works with what it is given — a database, a clock, a hasher, limits —
/// and no request: a command or a job uses the very path the pages and the API use.
@Suite("Accounts without a request")
struct AccountServiceWithoutRequestTests {
    let origin = ClientOrigin(clientIP: "203.0.113.7")

    @Test func registeringAndSigningInNeedNoRequest() async throws {
        try await withApp { app async throws in
            let clock = try app.manualClock
            clock.advance(by: 3600)
            let accounts = AccountService(application: app)
            let registration = AccountService.Registration(
                email: "amina@example.org", displayName: "Amina Diallo", locale: .fr, way: .password(goodPassword))
            let registered = try await accounts.register(registration, from: origin)
            #expect(registered.member == nil, "a password registration answers before the member exists")
            #expect(try await outbox(app).map(\.toAddress) == ["amina@example.org"])
            let member = try #require(try await Member.withEmail("amina@example.org", on: app.db).first())
            #expect(member.locale == "fr")
            #expect(member.emailVerifiedAt == nil)

            guard case .success(let signedIn) = try await accounts.signIn(email: "Amina@example.org", password: goodPassword, from: origin) else {
                Issue.record("the member's password signs in")
                return
            }
            #expect(signedIn.id == member.id)
            let before = clock.now
            let session = try await accounts.startSession(for: signedIn, replacing: nil)
            let stored = try #require(try await MemberSession.find(session.id, on: app.db))
            #expect(abs(stored.lastSeenAt.timeIntervalSince(before)) < 1, "the session's time is the service's clock, moved by the test")
            #expect(stored.tokenHash == SecureToken.digest(session.token))

            let wrong = try await accounts.signIn(email: "amina@example.org", password: "not the password at all", from: origin)
            guard case .wrongCredentials = wrong else {
                Issue.record("a wrong password is refused")
                return
            }
        }
    }

    @Test func theLimitsCountWhatTheOriginSays() async throws {
        try await withApp { app async throws in
            let accounts = app.accounts
            for index in 1...RateLimitRule.registrationPerIP.limit {
                let registration = AccountService.Registration(
                    email: "person\(index)@example.org", displayName: "Person \(index)", locale: .en, way: .password(goodPassword))
                _ = try await accounts.register(registration, from: origin)
            }
            let next = AccountService.Registration(email: "late@example.org", displayName: "Late", locale: .en, way: .password(goodPassword))
            await #expect(throws: RateLimited.self) { try await accounts.register(next, from: origin) }
            _ = try await accounts.register(next, from: ClientOrigin(clientIP: "198.51.100.9"))
        }
    }

    @Test func fieldErrorsAreOneTypeWithKeys() async throws {
        try await withApp { app async throws in
            let registration = AccountService.Registration(
                email: "nope", displayName: "Bell\u{0007}", locale: .en, way: .password("short"), chosenLocale: "de", consented: false)
            let errors = await #expect(throws: FormErrors.self) { try await app.accounts.register(registration, from: origin) }
            #expect(errors?.entries.map(\.field) == ["locale", "email", "displayName", "password", "consent"])
            #expect(errors?.entries.first { $0.field == "displayName" }?.key == "account.error.name.invalid")
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }

    /// `create-admin` itself, as the operator runs it: a name with a control character is refused
    /// by the rule every registration uses, before a password is asked for.
    @Test(arguments: ["Site\u{0007}Admin", "Evil\u{202E}nimdA"])
    func createAdminRefusesANameWithAControlCharacter(name: String) async throws {
        try await withApp { app async throws in
            var context = CommandContext(
                console: Terminal(),
                input: CommandInput(arguments: ["opendiaspora", "--email", "root@example.org", "--name", name]))
            context.application = app
            let failure = await #expect(throws: CreateAdminCommand.Failure.self) { try await CreateAdminCommand().run(using: &context) }
            #expect(failure?.description == "create-admin: --name: " + (try catalogText("account.error.name.invalid")))
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }
}
