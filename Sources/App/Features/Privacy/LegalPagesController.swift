import Vapor

/// The terms of use and the privacy notice members consent to when joining. The text is a
/// placeholder in the catalogs until the operator's own wording replaces it.
struct LegalPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PrivacyURL.terms.pathComponents) { req in try await render(req, kind: "terms") }
        routes.get(PrivacyURL.privacy.pathComponents) { req in try await render(req, kind: "privacy") }
    }

    static let paragraphCount = 3

    private func render(_ req: Request, kind: String) async throws -> View {
        try await req.view.render("legal/show", LegalPage(
            page: PageContext(request: req, titleKey: "legal.\(kind).title"),
            heading: "legal.\(kind).title",
            paragraphs: (1...Self.paragraphCount).map { "legal.\(kind).p\($0)" }
        ))
    }
}
