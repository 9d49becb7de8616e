import Vapor

/// `GET /api/v1/members`: the directory as JSON, with the same query parameters as the page.
struct DirectoryAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api().get("members", use: search).readingQuery(DirectoryQuery.parameterNames)
    }

    struct Item: Content {
        let id: UUID
        let displayName: String
        let headline: String
        let city: String
        let countryOfResidence: String?
        let countriesOfOrigin: [String]
        let languages: [String]
        let expertise: [String]
        let interests: [String]
        let openToContact: Bool
        let photoURL: String?

        init(_ profile: ProfileDetails) {
            id = profile.memberID
            displayName = profile.displayName
            headline = profile.headline
            city = profile.city
            countryOfResidence = profile.codes.residence
            countriesOfOrigin = profile.codes.origins
            languages = profile.codes.languages
            expertise = profile.codes.expertise
            interests = profile.codes.interests
            openToContact = profile.openToContact
            photoURL = profile.photoURL
        }
    }

    struct FacetCount: Content {
        let code: String
        let count: Int
    }

    struct Facets: Content {
        let origin: [FacetCount]
        let residence: [FacetCount]
        let language: [FacetCount]
        let skill: [FacetCount]
        let interest: [FacetCount]
    }

    struct Page: Content {
        let items: [Item]
        let nextCursor: String?
        let order: DirectorySearch.Order
        let facets: Facets
        /// The facet counts are over a sample of the matching members (more matched than can be counted quickly).
        let facetsSampled: Bool
    }

    func search(req: Request) async throws -> Page {
        let query = try DirectoryQuery.parse(req, strict: true)
        let result = try await DirectorySearch(database: req.db, viewer: req.principal, policy: req.audiencePolicy, countsMemory: req.application.directoryFacetCounts).run(query)
        let profiles = try await ProfileBatch.load(result.memberIDs, codes: result.codes, on: req.db)
        func counts(_ kind: ProfileTagKind) -> [FacetCount] { (result.facets[kind] ?? []).map { FacetCount(code: $0.code, count: $0.count) } }
        return Page(
            items: profiles.map(Item.init), nextCursor: result.nextCursor?.encoded, order: result.order,
            facets: Facets(origin: counts(.origin), residence: counts(.residence), language: counts(.language), skill: counts(.skill), interest: counts(.interest)),
            facetsSampled: result.facetsAreSampled
        )
    }
}
