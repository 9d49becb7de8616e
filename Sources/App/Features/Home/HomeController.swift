import Vapor

/// The home page: what the platform is for, in the visitor's language; for a signed-in member,
/// "people you may want to meet" first, each with the member's actions (one batch for all).
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(HomeURL.home.pathComponents, use: index)
    }

    func index(req: Request) async throws -> View {
        guard req.principal != nil else { return try await req.view.render("home/index", HomePage(request: req)) }
        let found = try await req.suggestions()
        let actions = try await req.memberActions(toward: found.map(\.profile.memberID))
        let cards = found.map { SuggestionCard($0.suggestion, $0.profile, request: req, actions: actions[$0.profile.memberID] ?? []) }
        return try await req.view.render("home/index", HomePage(request: req, suggestions: cards))
    }
}
