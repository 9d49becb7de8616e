import Foundation

/// One piece of the OpenAPI document, owned by the feature whose routes it describes: JSON text
/// with `paths` and `components` (Platform's part also has the header). Text, so a reader sees
/// the document as it is served; limits and lists are interpolated from the constants the
/// validation uses (`OpenAPIText`), never copied. Parsed once at start (`APIDocumentAssembly`).
public struct APIDocumentPart: Sendable {
    /// Names the part in an error at start, after its feature ("ProfilesFeature, photo").
    public let name: String
    public let json: String

    public init(_ name: String, json: String) {
        self.name = name
        self.json = json
    }
}

/// Renders the code's values as JSON text inside a part, so an enumeration or a list in the
/// document is the one the validation checks against.
enum OpenAPIText {
    /// A JSON array of strings: `["en", "fr", "es"]`.
    static func strings(_ values: some Sequence<String>) -> String {
        "[" + values.map(string).joined(separator: ", ") + "]"
    }

    /// The raw values of an enumeration, in declaration order.
    static func cases<T: CaseIterable & RawRepresentable>(_ type: T.Type) -> String where T.RawValue == String {
        strings(type.allCases.map(\.rawValue))
    }

    /// "en, fr or es": a list in a sentence.
    static func alternatives(_ values: [String]) -> String {
        guard let last = values.last, values.count > 1 else { return values.first ?? "" }
        return values.dropLast().joined(separator: ", ") + " or " + last
    }

    /// A request body's `content` taking the raw bytes under each of these media types.
    static func binaryContent(_ mediaTypes: [String]) -> String {
        "{" + mediaTypes.map { string($0) + #": {"schema": {"type": "string", "format": "binary"}}"# }.joined(separator: ", ") + "}"
    }

    /// A JSON string literal (quotes included), escaped.
    static func string(_ value: String) -> String {
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// A size for a description: whole mebibytes as "MB", whole kibibytes as "KiB" (as written so far).
    static func size(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024, bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MB" }
        if bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }

    /// "5 requests per 30 minutes": a rate limit as a description says it.
    static func rate(_ rule: RateLimitRule, _ what: String? = nil) -> String {
        "\(rule.limit)\(what.map { " " + $0 } ?? "") per \(Int(rule.window) / 60) minutes"
    }

    /// What `PlainTextRule(maxCharacters:)` accepts, after "At most N ": the same words in every field.
    static func plainTextRule(_ maxCharacters: Int) -> String {
        let rule = PlainTextRule(maxCharacters: maxCharacters)
        return "characters as a reader counts them (an accented letter or an emoji is one) and at most \(rule.maxCodePoints) code points; "
            + "no control, bidirectional or invisible characters (zero-width joiners and variation selectors excepted), "
            + "at most \(PlainTextRule.maximumMarksPerCharacter) combining marks on one character."
    }
}
