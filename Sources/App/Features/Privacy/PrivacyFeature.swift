import Vapor

/// The terms and the privacy notice.
struct PrivacyFeature: Feature {
    func routes(_ app: Application) throws -> [any RouteCollection] { [LegalPagesController()] }
}
