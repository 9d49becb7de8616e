import Fluent
import Vapor

/// What only a request knows about who is asking, handed to the services that limit or trust by
/// it: the client's address (rate limits) and this browser's device cookie (sign-in limits).
struct ClientOrigin: Sendable {
    let clientIP: String
    var deviceCookie: String? = nil

    /// The key the per-client limits count under (a whole IPv6 /64 counts as one client).
    var rateLimitKey: String { IPAddressRange.rateLimitKey(for: clientIP) }
}

extension AccountService {
    /// The service on the application's settings; `database` and `logger` default to the
    /// application's (a request passes its own).
    init(application: Application, database: (any Database)? = nil, logger: Logger? = nil) {
        let database = database ?? application.db
        self.init(
            database: database, clock: application.clock, hasher: application.passwordHasher,
            rateLimiter: RateLimiter(database: database, clock: application.clock),
            passwordPolicy: application.passwordPolicy, mailer: AccountMailer(application: application),
            siteSecrets: application.siteSecrets, memberActivity: application.memberActivity, livePublisher: application.livePublisher,
            logger: logger ?? application.logger
        )
    }
}

extension Application {
    /// Accounts for commands and jobs.
    var accounts: AccountService { AccountService(application: self) }
}

// The web edge of accounts: what pages and the API alike take from a request for the service,
// and put on the request once a session starts.
extension Request {
    var accounts: AccountService { AccountService(application: application, database: db, logger: logger) }

    /// Who is asking, as the services need it.
    var clientOrigin: ClientOrigin {
        ClientOrigin(clientIP: clientIP, deviceCookie: cookies[DeviceCookie.name(secure: application.appConfiguration.isSecure)]?.string)
    }

    /// The signed-in member (`SignInRequired` without one).
    func currentMember() async throws -> Member {
        try await accounts.member(of: try require())
    }

    /// Starts the member's session in place of this request's (if any) and makes the request
    /// theirs; the caller puts `token` in the response's cookie (`setSessionCookie`).
    func startSession(for member: Member) async throws -> AccountService.StartedSession {
        let session = try await accounts.startSession(for: member, replacing: principal?.sessionID)
        principal = try member.principal(via: .session(id: session.id, csrfToken: session.csrfToken))
        return session
    }

    /// Ends this request's session, if it has one, and signs the request out.
    func endSession() async throws {
        try await accounts.endSession(principal?.sessionID)
        principal = nil
    }
}
