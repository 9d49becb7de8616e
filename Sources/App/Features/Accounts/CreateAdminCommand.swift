import Fluent
import Foundation
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// `opendiaspora create-admin --email … --name …`: makes the first administrator. The password
/// is asked on the terminal without echo, or read from standard input when it is not a
/// terminal (scripts), never from the command line where `ps` and shell history would keep it.
struct CreateAdminCommand: AsyncCommand, Sendable {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The administrator's email address")
        var email: String?

        @Option(name: "name", help: "The name shown to other members")
        var name: String?
    }

    var help: String { "Create an administrator account (the password is read from the terminal or standard input)." }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let application = context.application
        guard let email = signature.email?.trimmingCharacters(in: .whitespaces), EmailAddress.isValid(email) else {
            throw Failure(description: "create-admin needs --email with a valid address")
        }
        guard let name = signature.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty, name.count <= AccountService.displayNameLength.upperBound else {
            throw Failure(description: "create-admin needs --name (1 to \(AccountService.displayNameLength.upperBound) characters)")
        }
        try await application.autoMigrate()
        if try await Member.withEmail(email, on: application.db).count() > 0 {
            throw Failure(description: "an account with the email \(email) already exists")
        }
        let password = try readPassword(console: context.console)
        if let problem = application.passwordPolicy.problem(with: password) {
            throw Failure(description: application.catalogs.text(problem.rawValue, locale: .en, arguments: ["min": "\(PasswordPolicy.minimumLength)", "max": "\(PasswordPolicy.maximumLength)"]))
        }
        let hash = try await application.passwordHasher.hash(password)
        let member = Member(email: email, passwordHash: hash, displayName: name, locale: .en, role: .admin)
        // The operator vouches for the address they typed.
        member.emailVerifiedAt = Date()
        try await member.create(on: application.db)
        context.console.print("Created administrator \(email).")
    }

    private func readPassword(console: any Console) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            let first = console.ask("Password (not shown): ", isSecure: true)
            let second = console.ask("Same password again: ", isSecure: true)
            guard first == second else { throw Failure(description: "the two passwords differ") }
            return first
        }
        guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
            throw Failure(description: "no password on standard input")
        }
        return line
    }
}
