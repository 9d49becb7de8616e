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
    /// What the signed-in member can do toward this one (other features' actions), for `partials/member-actions`.
    let actions: [MemberAction]

    init(_ profile: ProfileDetails, locale: AppLocale, reference: ReferenceData, actions: [MemberAction] = []) {
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
        self.actions = actions
    }
}

/// `/members`: the list page (`ListPage`) of member cards, plus the empty state's links.
struct DirectoryPage: Encodable {
    let page: PageContext
    let list: ListPage<MemberCard>
    let isSignedIn: Bool
    let joinURL = AccountsURL.join.path
    let profileURL = ProfilesURL.myProfile.path

    init(request: Request, query: DirectoryQuery, result: DirectorySearch.Result, profiles: [ProfileDetails], actions: [UUID: [MemberAction]] = [:]) {
        let locale = request.appLocale
        let reference = request.referenceData
        self.page = PageContext(request: request, titleKey: "directory.title")
        let facets = ProfileTagKind.allCases.map { kind in
            let selected = Set(query.filters[kind] ?? [])
            let options = (result.facets[kind] ?? []).map { value in
                ListPage<MemberCard>.Option(
                    filter: kind.rawValue, code: value.code, label: reference.list(for: kind).label(value.code, locale),
                    count: value.count, checked: selected.contains(value.code), locale: locale
                )
            }
            return ListPage<MemberCard>.FacetGroup(name: kind.rawValue, legend: "directory.facet.\(kind.rawValue)", options: options)
        }
        self.list = ListPage(
            request: request, path: DirectoryURL.members.path, parameters: query.parameters, filterOrder: DirectoryQuery.filterOrder,
            searchLabel: "directory.search.label", facets: facets,
            items: profiles.map { MemberCard($0, locale: locale, reference: reference, actions: actions[$0.memberID] ?? []) },
            orderNote: result.order == .relevance ? "directory.order.relevance" : "directory.order.recent",
            facetNote: result.facetsAreSampled ? "directory.facets.sampled" : nil, facetLimit: DirectorySearch.facetSampleLimit,
            nextCursor: result.nextCursor?.encoded, cursorRefused: query.cursorRefused
        )
        self.isSignedIn = request.principal != nil
    }
}
