import Fluent
import Vapor

/// The accounts part of the JSON API: `/api/v1/auth/*`, `/api/v1/me`, `/api/v1/tokens`.
/// The same paths as the pages (`AccountService`); answers are API types, never models, and
/// field errors are thrown as they come (the error middleware answers them as a 422 problem).
struct AccountsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let v1 = routes.api()
        let auth = v1.grouped("auth").withoutServerTiming()
        auth.post("register", accepting: .json(), use: register)
        auth.post("login", accepting: .json(), use: login)
        auth.post("logout", accepting: .nothing, use: logout)
        auth.post("password", "forgot", accepting: .json(), use: forgotPassword)
        auth.post("password", "reset", accepting: .json(), use: resetPassword)
        v1.get("me", use: me)
        v1.on(.PUT, ["me", "time-zone"], accepting: .json(), use: setTimeZone)
        v1.get("tokens", use: listTokens)
        v1.post("tokens", accepting: .json(), use: createToken)
        v1.on(.DELETE, ["tokens", ":id"], accepting: .nothing, use: revokeToken)
    }

    // MARK: - API types

    /// A member as the API shows them to themselves (never the password hash).
    struct MemberBody: Content {
        let id: UUID
        let email: String
        let displayName: String
        let locale: String
        let role: Role
        let emailVerified: Bool
        let timeZone: String
        let createdAt: Date?

        init(_ member: Member) throws {
            id = try member.requireID()
            email = member.email
            displayName = member.displayName
            locale = member.locale
            role = member.role
            emailVerified = member.emailVerifiedAt != nil
            timeZone = member.timeZone
            createdAt = member.createdAt
        }
    }

    struct RegisterBody: Content {
        var email: String?
        var password: String?
        var displayName: String?
        /// Absent: the request's language. A `null` is no language code, and is refused like one.
        var locale: String?

        init(from decoder: any Decoder) throws {
            let body = try decoder.container(keyedBy: CodingKeys.self)
            email = try body.decodeIfPresent(String.self, forKey: .email)
            password = try body.decodeIfPresent(String.self, forKey: .password)
            displayName = try body.decodeIfPresent(String.self, forKey: .displayName)
            locale = !body.contains(.locale) ? nil : try body.decodeNil(forKey: .locale) ? "" : body.decode(String.self, forKey: .locale)
        }
    }

    /// The answer to a registration: the next step is in the mail.
    struct RegistrationAccepted: Content {
        let message: String
    }

    struct LoginBody: Content {
        var email: String?
        var password: String?
    }

    struct LoginAnswer: Content {
        let member: MemberBody
        let csrfToken: String
    }

    struct EmailBody: Content {
        var email: String?
    }

    struct ResetBody: Content {
        var token: String?
        var password: String?
    }

    struct TokenRequestBody: Content {
        var name: String?
    }

    struct TokenBody: Content {
        let id: UUID
        let name: String
        let createdAt: Date?
        let lastUsedAt: Date?
    }

    struct CreatedTokenBody: Content {
        let id: UUID
        let name: String
        let token: String
        let createdAt: Date?
    }

    struct TokenList: Content {
        let items: [TokenBody]
    }

    // MARK: - Handlers

    func register(req: Request) async throws -> Response {
        let body = try req.content.decode(RegisterBody.self)
        let registration = AccountService.Registration(
            email: body.email ?? "", displayName: body.displayName ?? "", locale: req.appLocale,
            way: .password(body.password ?? ""), chosenLocale: body.locale
        )
        // 202 whether or not the address has an account (the mail says which), in the same time.
        _ = try await req.accounts.register(registration, from: req.clientOrigin)
        return try await RegistrationAccepted(message: req.t("join.sent.message")).encodeResponse(status: .accepted, for: req)
    }

    func login(req: Request) async throws -> Response {
        let body = try req.content.decode(LoginBody.self)
        switch try await req.accounts.signIn(email: body.email ?? "", password: body.password ?? "", from: req.clientOrigin) {
        case .wrongCredentials:
            throw Abort(.unauthorized, reason: req.t("login.error.credentials"))
        case .suspended:
            throw Abort(.forbidden, reason: req.t("login.error.suspended"))
        case .success(let member):
            let session = try await req.startSession(for: member)
            let response = try await LoginAnswer(member: try MemberBody(member), csrfToken: session.csrfToken).encodeResponse(for: req)
            response.setSessionCookie(session.token, on: req)
            try await response.rememberDevice(of: member, on: req)
            return response
        }
    }

    func logout(req: Request) async throws -> Response {
        let hadSession = req.principal?.sessionID != nil
        try await req.accounts.endSession(req.principal?.sessionID)
        let response = Response(status: .noContent)
        if hadSession { response.clearSessionCookie(on: req) }
        return response
    }

    func me(req: Request) async throws -> MemberBody {
        try MemberBody(try await req.currentMember())
    }

    struct TimeZoneBody: Content {
        var timeZone: String?
    }

    func setTimeZone(req: Request) async throws -> MemberBody {
        let member = try await req.currentMember()
        let body = try req.content.decode(TimeZoneBody.self)
        try await req.accounts.changeTimeZone(member: member, to: body.timeZone ?? "")
        return try MemberBody(member)
    }

    func forgotPassword(req: Request) async throws -> Response {
        let body = try req.content.decode(EmailBody.self)
        try await req.accounts.requestPasswordReset(email: body.email ?? "", from: req.clientOrigin)
        // The same answer whether or not the address has an account.
        return Response(status: .accepted)
    }

    func resetPassword(req: Request) async throws -> Response {
        let body = try req.content.decode(ResetBody.self)
        _ = try await req.accounts.resetPassword(token: body.token ?? "", newPassword: body.password ?? "", tokenField: "token")
        return Response(status: .noContent)
    }

    func listTokens(req: Request) async throws -> TokenList {
        let tokens = try await APITokenQueries.list(for: req.require(), on: req.db)
        return TokenList(items: try tokens.map { TokenBody(id: try $0.requireID(), name: $0.name, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt) })
    }

    func createToken(req: Request) async throws -> Response {
        let principal = try req.require()
        let body = try req.content.decode(TokenRequestBody.self)
        let created = try await APITokenQueries.create(name: body.name ?? "", for: principal, on: req.db)
        return try await CreatedTokenBody(id: try created.token.requireID(), name: created.token.name, token: created.secret, createdAt: created.token.createdAt)
            .encodeResponse(status: .created, for: req)
    }

    func revokeToken(req: Request) async throws -> Response {
        let principal = try req.require()
        guard let id = req.parameters.get("id", as: UUID.self),
              try await APITokenQueries.revoke(id, for: principal, live: req.application.livePublisher, on: req.db)
        else { throw Abort(.notFound) }
        return Response(status: .noContent)
    }
}
