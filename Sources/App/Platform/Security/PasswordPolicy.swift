import Foundation
import Vapor

/// The rule every new password meets (ASVS V2.1): 12 to 128 characters, any characters
/// allowed, and not one of the 10,000 most common passwords, shipped in `Resources/Data`.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// Why a password was refused; each case is a catalog key.
    public enum Problem: String, Sendable {
        case tooShort = "password.error.short"
        case tooLong = "password.error.long"
        case tooCommon = "password.error.common"
    }

    let commonPasswords: Set<String>

    public init(commonPasswords: Set<String>) {
        self.commonPasswords = commonPasswords
    }

    /// Loads the list once at start; a missing list is a broken install, not something to run without.
    public static func load(from path: String) throws -> PasswordPolicy {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let entries = text.split(whereSeparator: \.isNewline).map { $0.lowercased() }
        guard entries.count >= 1000 else {
            throw Abort(.internalServerError, reason: "the common-password list at \(path) is incomplete")
        }
        return PasswordPolicy(commonPasswords: Set(entries))
    }

    public func problem(with password: String) -> Problem? {
        let length = password.count
        if length < Self.minimumLength { return .tooShort }
        if length > Self.maximumLength { return .tooLong }
        if commonPasswords.contains(password.lowercased()) { return .tooCommon }
        return nil
    }
}

extension Application {
    private struct PasswordPolicyKey: StorageKey { typealias Value = PasswordPolicy }

    public var passwordPolicy: PasswordPolicy {
        get {
            guard let policy = storage[PasswordPolicyKey.self] else {
                preconditionFailure("configure(_:with:) loads the password policy first")
            }
            return policy
        }
        set { storage[PasswordPolicyKey.self] = newValue }
    }
}
