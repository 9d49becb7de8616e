import Foundation

/// An address with an optional display name, as `MAIL_FROM` gives it (`Name <a@b>` or `a@b`).
public struct MailAddress: Sendable, Equatable {
    public let name: String?
    public let address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard EmailAddress.isValid(address), !name.contains(where: \.isNewline) else { return nil }
            self.init(name: name.isEmpty ? nil : name, address: address)
        } else {
            guard EmailAddress.isValid(trimmed) else { return nil }
            self.init(name: nil, address: trimmed)
        }
    }
}

/// The platform's one rule for what an email address looks like and how two are compared.
public enum EmailAddress {
    public static let maximumLength = 254

    /// What the SMTP client can send to (ASCII, since SMTPUTF8 is not negotiated; nothing that
    /// could break a header or the envelope), plus a local part of at most 64 characters and a
    /// domain with a dot. Deliberately loose otherwise: the verification mail is the real check.
    public static func isValid(_ text: String) -> Bool {
        guard (try? MailMessageEncoder.validatedAddress(text, field: "email")) != nil else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts[0].count <= 64 && parts[1].contains(".")
    }

    /// The form compared for uniqueness: trimmed and lower-cased as a whole.
    public static func key(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
