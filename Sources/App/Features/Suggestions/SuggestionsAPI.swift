import Vapor

/// `GET /api/v1/suggestions`: the same suggestions as the signed-in home page, with the reasons
/// as data (facet and codes) for clients to word in their language.
struct SuggestionsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api().get("suggestions", use: list)
    }

    struct Reason: Content, Equatable {
        let facet: SuggestionFacet
        let codes: [String]
        let city: String?

        init(facet: SuggestionFacet, codes: [String], city: String?) {
            self.facet = facet
            self.codes = codes
            self.city = city
        }

        init(_ reason: SuggestionReason) {
            facet = reason.facet
            codes = reason.codes
            city = reason.city
        }
    }

    struct Item: Content {
        let member: DirectoryAPI.Item
        let reasons: [Reason]
    }

    struct List: Content {
        let items: [Item]
    }

    func list(req: Request) async throws -> List {
        _ = try req.require()
        let found = try await req.suggestions()
        return List(items: found.map { Item(member: DirectoryAPI.Item($0.profile), reasons: $0.suggestion.reasons.map(Reason.init)) })
    }
}
