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
        let all = Array(normalized.unicodeScalars)
        var position = 0
        for character in normalized {
            var marks = 0, joiners = 0
            // Tag characters spell a subdivision flag after a waving black flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿), and nowhere else.
            let isTagFlag = character.unicodeScalars.first?.value == 0x1F3F4
            for scalar in character.unicodeScalars {
                let previous = position > 0 ? all[position - 1] : nil
                let next = position + 1 < all.count ? all[position + 1] : nil
                position += 1
                if scalar == "\n", allowsLineBreaks { continue }
                if isTagFlag, (0xE0020...0xE007F).contains(scalar.value) { continue }
                guard Self.isAllowed(scalar) else { return .failure(.characters) }
                if Self.isMark(scalar) {
                    marks += 1
                    if marks > Self.maximumMarksPerCharacter { return .failure(.characters) }
                }
                if Self.isJoinerOrSelector(scalar) {
                    joiners += 1
                    // Joiners and selectors hide nothing only inside a character (an emoji sequence, a
                    // conjunct) and a few at a time; a joiner never stands next to plain ASCII,
                    // another joiner, or at either end.
                    if joiners > Self.maximumMarksPerCharacter { return .failure(.characters) }
                    if (0x200C...0x200D).contains(scalar.value),
                       !Self.canSurroundJoiner(previous) || !Self.canSurroundJoiner(next) { return .failure(.characters) }
                }
            }
        }
        return .success(normalized)
    }

    static func isJoinerOrSelector(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200C, 0x200D, 0x180B...0x180F, 0xFE00...0xFE0F, 0xE0100...0xE01EF: true
        default: false
        }
    }

    /// A joiner between two letters of Latin text (`Am‌ina`) only makes a name look like another.
    private static func canSurroundJoiner(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return !scalar.isASCII && !scalar.properties.isWhitespace && !(0x200C...0x200D).contains(scalar.value)
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
        case 0x200C, 0x200D, 0x180B...0x180F, 0xFE00...0xFE0F, 0xE0100...0xE01EF: return true
        case 0x2028, 0x2029: return false
        default: break
        }
        let category = scalar.properties.generalCategory
        return category != .control && category != .format && category != .surrogate
            && !scalar.properties.isDefaultIgnorableCodePoint && !scalar.properties.isNoncharacterCodePoint
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: !isJoinerOrSelector(scalar)
        default: false
        }
    }
}
