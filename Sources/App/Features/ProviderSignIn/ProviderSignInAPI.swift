import Vapor

/// `GET /api/v1/auth/providers`: the sign-in providers that are on, for clients that draw their
/// own buttons. Signing in through one happens in the browser, at its start URL.
struct ProviderSignInAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api("auth").get("providers", use: list)
    }

    struct ProviderBody: Content {
        let id: String
        let name: String
        let startURL: String
    }

    struct ProviderList: Content {
        let items: [ProviderBody]
    }

    func list(req: Request) async throws -> ProviderList {
        let base = req.application.appConfiguration.publicURL.absoluteString
        return ProviderList(items: req.application.signInProviders.map {
            ProviderBody(id: $0.id.rawValue, name: $0.name, startURL: base + ProviderSignInURL.providerStart(.value($0.id.rawValue)).path)
        })
    }
}
