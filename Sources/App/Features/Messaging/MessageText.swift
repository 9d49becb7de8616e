import Foundation

/// The rule for a message's text: the platform's plain-text rule (characters as readers count
/// them, no control, bidi-override or invisible characters), with line breaks and tabs kept.
enum MessageText {
    static let rule = PlainTextRule(maxCharacters: MessagingLimits.body, allowsLineBreaks: true)

    /// The text as stored, or the field error (`field`) saying what is wrong.
    static func check(_ text: String, field: String = "body") throws -> String {
        // Tabs are writing too: checked as spaces (one character each), kept as typed.
        switch rule.check(text.replacingOccurrences(of: "\t", with: " ")) {
        case .success:
            return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                .trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        case .failure(.tooLong):
            var errors = FormErrors()
            errors.add(field, "messaging.error.tooLong", ["max": String(MessagingLimits.body)])
            throw errors
        case .failure(.characters):
            var errors = FormErrors()
            errors.add(field, "messaging.error.characters")
            throw errors
        }
    }

    /// The non-empty text as stored.
    static func required(_ text: String?, field: String = "body") throws -> String {
        let checked = try check(text ?? "", field: field)
        guard !checked.isEmpty else {
            var errors = FormErrors()
            errors.add(field, "messaging.error.empty")
            throw errors
        }
        return checked
    }
}

/// Where the next page of a newest-first list starts: a time in microseconds and an id, which
/// break ties (`t.id`, the time in base 36 and the id in hex: short enough for `ListCursor`).
struct MessagingCursor: ListCursor {
    let micros: Int64
    let id: UUID

    init(micros: Int64, id: UUID) {
        self.micros = micros
        self.id = id
    }

    var plainText: String {
        String(micros, radix: 36) + "." + id.uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    init?(plainText: String) {
        let parts = plainText.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 13, let micros = Int64(parts[0], radix: 36), micros >= 0,
              parts[1].count == 32, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let hex = Array(parts[1])
        let dashed = String(hex[0..<8]) + "-" + String(hex[8..<12]) + "-" + String(hex[12..<16]) + "-" + String(hex[16..<20]) + "-" + String(hex[20..<32])
        guard let id = UUID(uuidString: dashed) else { return nil }
        self.micros = micros
        self.id = id
    }
}
