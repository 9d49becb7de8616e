import Vapor

/// "People you may want to meet": members with something in common with the viewer, each with
/// its stated reasons, on the signed-in home page and at `GET /api/v1/suggestions`.
struct SuggestionsFeature: Feature {
    func routes(_ app: Application) throws -> [any RouteCollection] { [SuggestionsAPI()] }

    func apiDocument(_ app: Application) -> [APIDocumentPart] { [SuggestionsAPIDocument.part] }
}

extension Request {
    /// The signed-in member's suggestions with their profiles, best first (none for visitors).
    func suggestions() async throws -> [(suggestion: Suggestion, profile: ProfileDetails)] {
        guard let principal else { return [] }
        let found = try await SuggestionFinder(database: db, viewer: principal, policy: audiencePolicy, reference: application.referenceData).run()
        let profiles = try await ProfileBatch.load(found.map(\.memberID), codes: Dictionary(found.map { ($0.memberID, $0.codes) }, uniquingKeysWith: { one, _ in one }), on: db)
        let byID = Dictionary(profiles.map { ($0.memberID, $0) }, uniquingKeysWith: { one, _ in one })
        return found.compactMap { suggestion in byID[suggestion.memberID].map { (suggestion, $0) } }
    }
}
