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
        let email = signature.email ?? "", name = signature.name ?? ""
        // Address and name are checked before asking for a password, with the rules every
        // registration uses (`AccountService`), so a typo does not cost a password typed twice.
        var early = FormErrors()
        AccountService.checkEmail(email, into: &early)
        AccountService.checkDisplayName(name, into: &early)
        if let problem = early.entries.first {
            throw Failure(description: Self.describe(problem, flag: problem.field == "email" ? "--email" : "--name", catalogs: application.catalogs))
        }
        try await application.autoMigrate()
        if try await Member.withEmail(email.trimmingCharacters(in: .whitespacesAndNewlines), on: application.db).count() > 0 {
            throw Failure(description: "an account with the email \(email) already exists")
        }
        let password = try readPassword(console: context.console)
        let registration = AccountService.Registration(email: email, password: password, displayName: name, locale: .en)
        do {
            let member = try await AccountService.createAdministrator(
                registration, on: application.db, passwordPolicy: application.passwordPolicy, hasher: application.passwordHasher)
            context.console.print("Created administrator \(member.email).")
        } catch let errors as FormErrors {
            let problem = errors.entries[0]
            throw Failure(description: Self.describe(problem, flag: problem.field == "password" ? "the password" : "--\(problem.field)", catalogs: application.catalogs))
        } catch is EmailTaken {
            throw Failure(description: "an account with the email \(email) already exists")
        }
    }

    /// One line for the operator: which input, and the message a form would show (in English).
    static func describe(_ problem: FormErrors.Entry, flag: String, catalogs: Catalogs) -> String {
        "create-admin: \(flag): " + catalogs.text(problem.key, locale: .en, arguments: problem.arguments)
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
