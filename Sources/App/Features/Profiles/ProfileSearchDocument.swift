import Fluent
import Foundation

/// What the directory's full-text search reads of a profile. Skills are indexed by their labels
/// in every language, so "santé" and "health" both find a health professional. The coded values
/// and the visibility are keywords, so the index answers every directory query by itself, most
/// recently active first, stopping after a page.
enum ProfileSearchDocument {
    static let index = FullTextIndex(name: "member_search", fields: [
        .init("name", weight: .high),
        .init("headline", weight: .medium),
        .init("skills", weight: .medium),
        .init("city", weight: .low),
        .init("bio", weight: .lowest),
    ], documentID: .uuid)

    static func document(of profile: ProfileDetails, reference: ReferenceData) -> FullTextDocument {
        let skills = profile.codes.expertise.compactMap { reference.skills.entry($0) }
            .flatMap { entry in Set(AppLocale.allCases.map { entry.label($0) }).sorted() }
        let fields = [
            "name": profile.displayName,
            "headline": profile.headline,
            "skills": skills.joined(separator: " "),
            "city": profile.city,
            "bio": profile.bio,
        ]
        let tags = ProfileTagKind.allCases.flatMap { kind in profile.codes.codes(kind).map { keyword(kind, $0) } }
        return FullTextDocument(fields: fields, keywords: [keyword(profile.visibility)] + tags)
    }

    /// Documents are named as Fluent stores member ids, so the index joins `members`.
    static func documentID(_ memberID: UUID) -> String { memberID.uuidString }

    /// A coded value as a keyword: the kind, then the code's bytes in hexadecimal, so any code
    /// survives the index's letters-and-digits keywords and reads back exactly.
    static func keyword(_ kind: ProfileTagKind, _ code: String) -> String {
        let digits = Array("0123456789abcdef")
        var text = kind.rawValue
        for byte in code.utf8 {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }

    static func keyword(_ visibility: ProfileVisibility) -> String { "visibility" + visibility.rawValue }

    /// The coded value a keyword stands for; nil for other keywords.
    static func tag(of keyword: Substring) -> (kind: ProfileTagKind, code: String)? {
        for kind in ProfileTagKind.allCases where keyword.hasPrefix(kind.rawValue) {
            let hex = Array(keyword.utf8.dropFirst(kind.rawValue.utf8.count))
            guard !hex.isEmpty, hex.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(hex.count / 2)
            for index in stride(from: 0, to: hex.count, by: 2) {
                guard let high = hexValue(hex[index]), let low = hexValue(hex[index + 1]) else { return nil }
                bytes.append(high << 4 | low)
            }
            return String(bytes: bytes, encoding: .utf8).map { (kind, $0) }
        }
        return nil
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// A member's coded values read back from their document's keywords (written in the
    /// profile's order), so a result page needs no second look-up.
    static func codes(fromKeywords keywords: String) -> ProfileCodes {
        var codes = ProfileCodes()
        for keyword in keywords.utf8.split(separator: UInt8(ascii: " ")) {
            if let tag = tag(of: Substring(keyword)) { codes.append(tag.code, as: tag.kind) }
        }
        return codes
    }

    /// Puts the member's profile first in "most recently active" order (nothing if they have none).
    static func memberWasActive(_ memberID: UUID, on database: any Database) async throws {
        try await database.writeTransaction { db in
            try await FullTextSearch.moveToFront(documentID: documentID(memberID), in: index, on: db)
        }
    }
}
