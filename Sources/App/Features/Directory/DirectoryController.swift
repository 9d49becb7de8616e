import Vapor

/// `/members`: the member directory, searchable and filterable by URL so every result page can
/// be shared; works without JavaScript (a GET form). Visitors share pages kept a few seconds
/// (`PageCache`); members get theirs fresh.
struct DirectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(DirectoryURL.members.pathComponents, use: index)
    }

    func index(req: Request) async throws -> Response {
        try await req.application.pageCache.page(for: req) {
            let query = try DirectoryQuery.parse(req, strict: false)
            let result = try await DirectorySearch(database: req.db, viewer: req.principal, policy: req.audiencePolicy, countsMemory: req.application.directoryFacetCounts).run(query)
            let profiles = try await ProfileBatch.load(result.memberIDs, codes: result.codes, on: req.db)
            // The viewer's actions toward the whole page at once (none for visitors).
            let actions = try await req.memberActions(toward: profiles.map(\.memberID))
            return try await req.view.render("directory/index", DirectoryPage(request: req, query: query, result: result, profiles: profiles, actions: actions)).encodeResponse(for: req)
        }
    }
}
