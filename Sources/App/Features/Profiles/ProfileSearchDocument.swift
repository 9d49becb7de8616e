import Foundation

/// What the directory's full-text search reads of a profile. Skills are indexed by their labels
/// in every language, so "santé" and "health" both find a health professional.
enum ProfileSearchDocument {
    static let index = FullTextIndex(name: "member_search", fields: [
        .init("name", weight: .high),
        .init("headline", weight: .medium),
        .init("skills", weight: .medium),
        .init("city", weight: .low),
        .init("bio", weight: .lowest),
    ], documentID: .uuid)

    static func fields(of profile: ProfileDetails, reference: ReferenceData) -> [String: String] {
        let skills = profile.codes.expertise.compactMap { reference.skills.entry($0) }
            .flatMap { entry in Set(AppLocale.allCases.map { entry.label($0) }).sorted() }
        return [
            "name": profile.displayName,
            "headline": profile.headline,
            "skills": skills.joined(separator: " "),
            "city": profile.city,
            "bio": profile.bio,
        ]
    }

    /// Documents are named as Fluent stores member ids, so the index joins `member_profiles`.
    static func documentID(_ memberID: UUID) -> String { memberID.uuidString }
}
