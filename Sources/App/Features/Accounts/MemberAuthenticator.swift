import Fluent
import Vapor

/// Finds out who is calling, once per request: a bearer token (API) or the session cookie.
/// Suspended members get no principal; a bad bearer token is refused outright (401) rather than
/// treated as anonymous, so a client learns its token no longer works. Bearer tokens are for the
/// API only: pages ignore the `Authorization` header (a bad one would otherwise send the browser
/// to the sign-in page, which would send it there again, forever).
struct MemberAuthenticator: AsyncMiddleware {
    /// A session's last-seen time is written at most this often (not on every request).
    static let touchInterval: TimeInterval = 3600

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if AppErrorMiddleware.isAPI(request), let bearer = request.headers.bearerAuthorization {
            try await authenticate(bearer: bearer.token, request)
            return try await next.respond(to: request)
        }
        var refreshCookie: String?
        if let token = request.cookies[SessionCookie.sessionName]?.string, !token.isEmpty {
            switch try await authenticate(sessionToken: token, request) {
            case .valid(let refreshed): refreshCookie = refreshed ? token : nil
            case .invalid: request.hasStaleSessionCookie = true
            }
        }
        let response = try await next.respond(to: request)
        // A handler that signed in or out has set the cookie itself.
        if response.cookies[SessionCookie.sessionName] == nil {
            if request.hasStaleSessionCookie {
                response.clearSessionCookie(on: request)
            } else if let refreshCookie {
                response.setSessionCookie(refreshCookie, on: request)
            }
        }
        return response
    }

    private func authenticate(bearer token: String, _ request: Request) async throws {
        guard token.hasPrefix(APIToken.prefix), token.count <= 100 else { throw SignInRequired() }
        let found = try await APIToken.query(on: request.db)
            .join(Member.self, on: \APIToken.$member.$id == \Member.$id)
            .filter(\APIToken.$tokenHash == SecureToken.digest(token))
            .first()
        guard let found, let member = try? found.joined(Member.self), !member.isSuspended else { throw SignInRequired() }
        let now = request.application.clock.now
        if (found.lastUsedAt ?? .distantPast) < now.addingTimeInterval(-Self.touchInterval) {
            found.lastUsedAt = now
            try await found.save(on: request.db)
            try await request.application.memberActivity.record(member, at: now, on: request.db, logger: request.logger)
        }
        request.principal = try member.principal(via: .apiToken(id: try found.requireID()))
    }

    private enum SessionCheck {
        case valid(refreshed: Bool)
        case invalid
    }

    private func authenticate(sessionToken token: String, _ request: Request) async throws -> SessionCheck {
        guard token.count <= 100 else { return .invalid }
        let found = try await MemberSession.query(on: request.db)
            .join(Member.self, on: \MemberSession.$member.$id == \Member.$id)
            .filter(\MemberSession.$tokenHash == SecureToken.digest(token))
            .first()
        guard let found, let member = try? found.joined(Member.self) else { return .invalid }
        let now = request.application.clock.now
        if member.isSuspended || found.hasExpired(at: now) {
            try await found.delete(on: request.db)
            return .invalid
        }
        var refreshed = false
        if found.lastSeenAt < now.addingTimeInterval(-Self.touchInterval) {
            found.lastSeenAt = now
            try await found.save(on: request.db)
            try await request.application.memberActivity.record(member, at: now, on: request.db, logger: request.logger)
            refreshed = true
        }
        request.principal = try member.principal(via: .session(id: try found.requireID(), csrfToken: found.csrfToken))
        return .valid(refreshed: refreshed)
    }
}
