import Foundation

/// Turns free text into the words both dialects index and search, so SQLite and PostgreSQL
/// agree on what matches: lower case, accents folded ("Sénégal" matches "senegal").
public enum SearchText {
    /// At most this many words of a query count; the rest is ignored.
    public static let maximumQueryTerms = 8

    /// The text as indexed: its words separated by single spaces.
    public static func normalized(_ text: String) -> String {
        words(of: text).joined(separator: " ")
    }

    /// The distinct words of a query, in order, bounded in count and length.
    public static func terms(of text: String) -> [String] {
        var seen = Set<String>()
        var terms: [String] = []
        for word in words(of: String(text.prefix(500))) where seen.insert(word).inserted {
            terms.append(String(word.prefix(64)))
            if terms.count == maximumQueryTerms { break }
        }
        return terms
    }

    /// The whole text lower-cased with accents and widths folded, spaces and punctuation kept:
    /// for a substring search (`LIKE`) that matches "Élodie" with "elodie" on both dialects
    /// (SQLite's own `LOWER` folds ASCII letters only).
    public static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en")).lowercased()
    }

    static func words(of text: String) -> [String] {
        folded(text)
            .split { !($0.isLetter || $0.isNumber) }
            .map(String.init)
    }
}
