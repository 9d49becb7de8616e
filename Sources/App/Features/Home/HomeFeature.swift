import Vapor

/// The home page.
struct HomeFeature: Feature {
    func routes(_ app: Application) throws -> [any RouteCollection] { [HomeController()] }
}
