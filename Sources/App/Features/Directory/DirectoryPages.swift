import Vapor

/// A member as a directory result shows them.
struct MemberCard: Encodable {
    let url: String
    let name: String
    let headline: String?
    let place: String?
    let origins: String?
    let expertise: [String]
    let photoURL: String?
    let openToContact: Bool

    init(_ profile: ProfileDetails, locale: AppLocale, reference: ReferenceData) {
        url = ProfilesURL.member(.value(profile.memberID)).path
        name = profile.displayName
        headline = profile.headline.isEmpty ? nil : profile.headline
        let residence = profile.codes.residence.map { reference.countries.label($0, locale) }
        let place = [profile.city.isEmpty ? nil : profile.city, residence].compactMap { $0 }.joined(separator: ", ")
        self.place = place.isEmpty ? nil : place
        let origins = profile.codes.origins.map { reference.countries.label($0, locale) }.joined(separator: ", ")
        self.origins = origins.isEmpty ? nil : origins
        expertise = profile.codes.expertise.prefix(3).map { reference.skills.label($0, locale) }
        photoURL = profile.photoURL
        openToContact = profile.openToContact
    }
}

/// `/members`: the search form with its facets, the results and the next-page link.
struct DirectoryPage: Encodable {
    struct Facet: Encodable {
        let name: String
        let legend: String
        let values: [FacetValue]
        let hasValues: Bool
    }

    struct FacetValue: Encodable {
        let id: String
        let code: String
        let label: String
        let count: String
        let checked: Bool
    }

    let page: PageContext
    let action = DirectoryURL.members.path
    let text: String
    let facets: [Facet]
    let cards: [MemberCard]
    let hasCards: Bool
    let orderNote: String
    /// Set when the counts beside the filters are over a sample of the matches.
    let facetNote: String?
    let facetLimit: String
    let nextURL: String?
    let isFiltered: Bool
    let clearURL = DirectoryURL.members.path
    let isSignedIn: Bool
    let joinURL = AccountsURL.join.path
    let profileURL = ProfilesURL.myProfile.path

    init(request: Request, query: DirectoryQuery, result: DirectorySearch.Result, profiles: [ProfileDetails]) {
        let locale = request.appLocale
        let reference = request.referenceData
        self.page = PageContext(request: request, titleKey: "directory.title")
        self.text = query.text
        self.facets = ProfileTagKind.allCases.map { kind in
            let selected = Set(query.filters[kind] ?? [])
            let values = (result.facets[kind] ?? []).map { value in
                FacetValue(
                    id: "f-\(kind.rawValue)-\(value.code)", code: value.code,
                    label: reference.list(for: kind).label(value.code, locale),
                    count: LocalizedNumber.format(value.count, locale: locale),
                    checked: selected.contains(value.code)
                )
            }
            return Facet(name: kind.rawValue, legend: "directory.facet.\(kind.rawValue)", values: values, hasValues: !values.isEmpty)
        }
        self.cards = profiles.map { MemberCard($0, locale: locale, reference: reference) }
        self.hasCards = !cards.isEmpty
        self.orderNote = result.order == .relevance ? "directory.order.relevance" : "directory.order.recent"
        self.facetNote = result.facetsAreSampled ? "directory.facets.sampled" : nil
        self.facetLimit = String(DirectorySearch.facetSampleLimit)
        self.nextURL = result.nextCursor.map { DirectoryURL.members.path + "?" + query.queryString(cursor: $0) }
        self.isFiltered = !query.text.isEmpty || !query.filters.isEmpty
        self.isSignedIn = request.principal != nil
    }
}
