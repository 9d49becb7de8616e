import Foundation

/// The one rule for text members type (names, headlines, cities, bios, token names): a limit in
/// characters as a reader sees them (grapheme clusters), a cap in code points (so one "character"
/// cannot hide two thousand accents), at most a few combining marks on any character, and no
/// control, bidirectional-override or invisible characters except those real writing needs.
public struct PlainTextRule: Sendable {
    public enum Problem: Error, Sendable, Equatable {
        case tooLong
        case characters
    }

    public let maxCharacters: Int
    public let allowsLineBreaks: Bool

    /// Four code points per character covers accents, emoji sequences and Indic clusters.
    public var maxCodePoints: Int { maxCharacters * 4 }
    /// Vietnamese stacks two marks, pointed Hebrew with cantillation four; Zalgo text dozens.
    public static let maximumMarksPerCharacter = 4

    public init(maxCharacters: Int, allowsLineBreaks: Bool = false) {
        self.maxCharacters = maxCharacters
        self.allowsLineBreaks = allowsLineBreaks
    }

    /// The text as kept (line breaks as `\n`, trimmed, NFC), or what is wrong with it. The code
    /// point cap is checked first, on what was sent, so a huge value is refused before any other work.
    public func check(_ text: String) -> Result<String, Problem> {
        guard text.unicodeScalars.count <= maxCodePoints else { return .failure(.tooLong) }
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
            .precomposedStringWithCanonicalMapping
        guard normalized.count <= maxCharacters else { return .failure(.tooLong) }
        for character in normalized {
            var marks = 0
            for scalar in character.unicodeScalars {
                if scalar == "\n", allowsLineBreaks { continue }
                guard Self.isAllowed(scalar) else { return .failure(.characters) }
                if Self.isMark(scalar) {
                    marks += 1
                    if marks > Self.maximumMarksPerCharacter { return .failure(.characters) }
                }
            }
        }
        return .success(normalized)
    }

    /// Refused text quoted back in a message (at most `limit` characters): every character the rule
    /// refuses, and every line break, shows as its code (`U+202E`), so the message cannot itself
    /// be reordered or hide what was wrong.
    public static func visible(_ text: String, limit: Int) -> String {
        var shown = ""
        for scalar in String(text.prefix(limit)).unicodeScalars {
            if isAllowed(scalar), !scalar.properties.isWhitespace || scalar == " " {
                shown.unicodeScalars.append(scalar)
            } else {
                shown += String(format: "U+%04X", scalar.value)
            }
        }
        return shown
    }

    /// Joiners (emoji sequences; Persian and Indic spelling) and variation selectors are part of
    /// writing; every other control, format or default-ignorable code point (bidi overrides, zero-width
    /// spaces, Hangul fillers, tag characters) only hides or reorders what a reader sees.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200C, 0x200D, 0xFE00...0xFE0F, 0xE0100...0xE01EF: return true
        case 0x2028, 0x2029: return false
        default: break
        }
        let category = scalar.properties.generalCategory
        return category != .control && category != .format && category != .surrogate
            && !scalar.properties.isDefaultIgnorableCodePoint && !scalar.properties.isNoncharacterCodePoint
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: scalar.value < 0xFE00 || scalar.value > 0xFE0F
        default: false
        }
    }
}
