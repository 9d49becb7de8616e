import Fluent
import Vapor

/// Probes for load balancers and orchestrators: `/healthz` says the process answers,
/// `/readyz` says it can also reach its database (503 otherwise, so traffic goes elsewhere).
struct HealthController: RouteCollection {
    struct Status: Content {
        let status: String
    }

    let health: DatabaseHealth

    func boot(routes: any RoutesBuilder) throws {
        routes.get(PlatformURL.healthz.pathComponents, use: live)
        routes.get(PlatformURL.readyz.pathComponents, use: ready)
    }

    func live(req: Request) async throws -> Response {
        try await respond(.ok, Status(status: "ok"), for: req)
    }

    func ready(req: Request) async throws -> Response {
        if await health.isReachable(req.db) {
            return try await respond(.ok, Status(status: "ready"), for: req)
        }
        req.logger.warning("readiness check failed: database unreachable")
        return try await respond(.serviceUnavailable, Status(status: "database unreachable"), for: req)
    }

    private func respond(_ status: HTTPResponseStatus, _ body: Status, for req: Request) async throws -> Response {
        let response = try await body.encodeResponse(status: status, for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
