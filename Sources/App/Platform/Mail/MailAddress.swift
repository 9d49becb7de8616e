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

    /// Deliberately loose (RFC 5321 allows much; the verification mail is the real check), but
    /// strict about what could break a mail header: no spaces, control characters or angle brackets.
    public static func isValid(_ text: String) -> Bool {
        guard text.count <= maximumLength, !text.isEmpty else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, parts[1].count >= 3,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains("..")
        else { return false }
        return !text.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control || scalar == " " || scalar == "<" || scalar == ">"
                || scalar == "," || scalar == ";" || scalar == "\"" || scalar == "\\" || scalar == "(" || scalar == ")"
                || CharacterSet.whitespacesAndNewlines.contains(scalar)
        }
    }

    /// The form compared for uniqueness: trimmed and lower-cased as a whole.
    public static func key(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
