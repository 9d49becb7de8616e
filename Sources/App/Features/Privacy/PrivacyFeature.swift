import Vapor

/// The terms and the privacy notice.
struct PrivacyFeature: Feature {
    func prepare(_ app: Application) throws {
        app.layoutLinks[.terms] = PrivacyURL.terms.path
        app.layoutLinks[.privacy] = PrivacyURL.privacy.path
    }

    func routes(_ app: Application) throws -> [any RouteCollection] { [LegalPagesController()] }
}
