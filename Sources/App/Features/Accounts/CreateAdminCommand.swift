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
        let accounts = application.accounts
        let email = signature.email ?? "", name = signature.name ?? ""
        var registration = AccountService.Registration(email: email, displayName: name, locale: .en, way: .administrator(password: ""))
        // The registration every way in goes through (`AccountService.register`), its address and
        // name checked before asking for a password, so a typo does not cost a password typed twice.
        if let problem = accounts.problems(with: registration, checkingPassword: false).entries.first {
            throw Failure(description: Self.describe(problem, catalogs: application.catalogs))
        }
        try await application.autoMigrate()
        if try await accounts.hasAccount(email: email) {
            throw Failure(description: "an account with the email \(email) already exists")
        }
        registration.way = .administrator(password: try readPassword(console: context.console))
        do {
            // No client to limit: the operator at the terminal.
            guard let member = try await accounts.register(registration, from: nil).member else { return }
            context.console.print("Created administrator \(member.email).")
        } catch let errors as FormErrors {
            throw Failure(description: Self.describe(errors.entries[0], catalogs: application.catalogs))
        } catch is EmailTaken {
            throw Failure(description: "an account with the email \(email) already exists")
        }
    }

    /// One line for the operator: which input, and the message a form would show (in English).
    static func describe(_ problem: FormErrors.Entry, catalogs: Catalogs) -> String {
        let flag = switch problem.field {
        case "password": "the password"
        case "displayName": "--name"
        default: "--\(problem.field)"
        }
        return "create-admin: \(flag): " + catalogs.text(problem.key, locale: .en, arguments: problem.arguments)
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
