import Fluent
import Vapor

/// The member's linked sign-in methods in the JSON API: `/api/v1/me/identities`.
struct IdentitiesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let identities = routes.api("me", "identities")
        identities.get(use: list)
        identities.on(.DELETE, [":id"], accepting: .nothing, use: unlink)
    }

    struct IdentityBody: Content {
        let id: UUID
        let provider: String
        let providerName: String
        let email: String?
        let linkedAt: Date?
        let lastUsedAt: Date?
    }

    struct IdentityList: Content {
        let items: [IdentityBody]
        /// Whether the member can also sign in with a password.
        let hasPassword: Bool
    }

    func list(req: Request) async throws -> IdentityList {
        let principal = try req.require()
        let member = try await req.currentMember()
        let providers = req.application.signInProviders
        let identities = try await IdentityQueries.list(for: principal, on: req.db)
        return IdentityList(items: try identities.map {
            IdentityBody(id: try $0.requireID(), provider: $0.provider, providerName: IdentityQueries.providerName($0.provider, providers: providers),
                         email: $0.email, linkedAt: $0.createdAt, lastUsedAt: $0.lastUsedAt)
        }, hasPassword: member.passwordHash != nil)
    }

    func unlink(req: Request) async throws -> Response {
        let principal = try req.require()
        guard let id = req.parameters.get("id", as: UUID.self) else { throw Abort(.notFound) }
        do {
            guard try await IdentityQueries.unlink(id, for: principal, providersOn: req.application.signInProviders.map(\.id), on: req.db) else {
                throw Abort(.notFound)
            }
        } catch is IdentityQueries.LastSignInMethod {
            throw Abort(.conflict, reason: req.t("account.identities.lastMethod"))
        }
        return Response(status: .noContent)
    }
}
