@testable import App
import Fluent
import Testing
import Vapor

/// `create-admin` goes through the registration of every way in (`AccountService.register`),
/// without a request.
@Suite("Creating an administrator")
struct CreateAdministratorTests {
    func create(_ app: Application, email: String = "root@example.org", name: String = "Site Admin", password: String = goodPassword) async throws -> Member {
        let registration = AccountService.Registration(email: email, displayName: name, locale: .en, way: .administrator(password: password))
        return try #require(try await app.accounts.register(registration, from: nil).member)
    }

    @Test func anAdministratorIsVerifiedAndCanSignIn() async throws {
        try await withApp { app async throws in
            let admin = try await create(app, email: " root@example.org ", name: "  Site\u{0041}\u{030A} Admin ")
            #expect(admin.role == .admin)
            #expect(admin.emailVerifiedAt != nil)
            #expect(admin.email == "root@example.org")
            #expect(admin.displayName == "Site\u{00C5} Admin", "kept as every name is: trimmed, in NFC")
            _ = try await signedIn(app, email: "root@example.org")
        }
    }

    @Test(arguments: [
        ("Site\u{0007}Admin", "displayName", "account.error.name.invalid"),
        ("Evil\u{202E}nimdA", "displayName", "account.error.name.invalid"),
        ("", "displayName", "account.error.name.missing"),
    ])
    func namesAreCheckedLikeEveryRegistration(name: String, field: String, key: String) async throws {
        try await withApp { app async throws in
            let error = await #expect(throws: FormErrors.self) { try await create(app, name: name) }
            #expect(error?.entries.first?.field == field)
            #expect(error?.entries.first?.key == key)
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }

    @Test func weakPasswordsAndTakenAddressesAreRefused() async throws {
        try await withApp { app async throws in
            let weak = await #expect(throws: FormErrors.self) { try await create(app, password: "password") }
            #expect(weak?.entries.first?.field == "password")
            _ = try await create(app)
            await #expect(throws: EmailTaken.self) { try await create(app, email: "ROOT@example.org") }
        }
    }
}
