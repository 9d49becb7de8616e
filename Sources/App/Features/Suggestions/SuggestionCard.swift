import Vapor

/// A suggestion as the home page shows it: the member's card, the reasons worded in the viewer's
/// language (country, language, skill and topic names too), and the viewer's actions toward them.
struct SuggestionCard: Encodable {
    let url: String
    let name: String
    let headline: String?
    let place: String?
    let photoURL: String?
    let reasons: [String]
    let actions: [MemberAction]

    /// Codes named in one reason at most; "and N more" is not worth its wording.
    static let namesPerReason = 3

    init(_ suggestion: Suggestion, _ profile: ProfileDetails, request: Request, actions: [MemberAction]) {
        let card = MemberCard(profile, locale: request.appLocale, reference: request.referenceData, actions: actions)
        url = card.url
        name = card.name
        headline = card.headline
        place = card.place
        photoURL = card.photoURL
        self.actions = actions
        reasons = suggestion.reasons.map { Self.words($0, request: request) }
    }

    static func words(_ reason: SuggestionReason, request: Request) -> String {
        let locale = request.appLocale
        let reference = request.referenceData
        func names(_ list: ReferenceList) -> String {
            reason.codes.prefix(namesPerReason).map { list.label($0, locale) }.joined(separator: ", ")
        }
        switch reason.facet {
        case .origin: return request.t("suggestions.reason.origin", ["countries": names(reference.countries)])
        case .city: return request.t("suggestions.reason.city", ["city": reason.city ?? ""])
        case .residence: return request.t("suggestions.reason.residence", ["country": names(reference.countries)])
        case .helps: return request.t("suggestions.reason.helps", ["skills": names(reference.skills)])
        case .needs: return request.t("suggestions.reason.needs", ["topics": names(reference.topics)])
        case .interest: return request.t("suggestions.reason.interest", ["topics": names(reference.topics)])
        case .language: return request.t("suggestions.reason.language", ["languages": names(reference.languages)])
        }
    }
}
