import Vapor

/// The public home page: what the platform is for, in the visitor's language.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(HomeURL.home.pathComponents, use: index)
    }

    func index(req: Request) async throws -> View {
        try await req.view.render("home/index", HomePage(request: req))
    }
}
