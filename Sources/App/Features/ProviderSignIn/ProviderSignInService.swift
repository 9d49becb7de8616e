import Fluent
import SQLKit
import Vapor

/// The rules of signing in through a provider: a trip starts bound to this browser (and session,
/// if any) and is used once; a known identity signs its member in; a new one is linked to the
/// member who asked, or waits for a newcomer to confirm. An email address never links anything.
struct ProviderSignInService {
    let request: Request

    var database: any Database { request.db }
    /// The time the trips' and confirmations' expiry is read against.
    var now: Date { request.application.clock.now }

    /// The browser's binding secret: the state alone is not enough, it must come back to the
    /// browser it was issued to (a login-CSRF defence, RFC 6749 §10.12). A new one per trip, so
    /// an abandoned trip cannot be finished later by someone else at the same browser.
    static let bindingCookie = SessionCookie.signInBindingName

    /// Why a callback was refused, each with its own page text.
    enum Refusal: String, CaseIterable {
        /// Missing, unknown, reused, expired state, or one from another browser or session.
        case state
        /// The member said no at the provider.
        case cancelled
        /// The provider answered the callback with another error.
        case providerError = "provider-error"
        /// The provider's answer did not pass the checks (signature, issuer, audience, nonce…).
        case verification
        /// The provider could not be reached in time.
        case unreachable
        case suspended
        /// The identity belongs to another member.
        case linkedElsewhere = "linked-elsewhere"
    }

    enum Outcome {
        case signedIn(Member, returnTo: String)
        case linked
        case alreadyLinked
        case confirm
        case refused(Refusal)
    }

    // MARK: - Start

    /// The redirect to the provider, and the attempt that remembers what it carried.
    func start(_ provider: SignInProvider, returnTo: String) async throws -> Response {
        let binding = SecureToken.generate()
        let secrets = SignInProviderClient.Secrets(
            state: SecureToken.generate(), nonce: SecureToken.generate(), codeVerifier: PKCE.makeVerifier(),
            redirectURI: callbackURL(for: provider)
        )
        let url = try await request.signInProviderClient(for: provider).authorizationURL(secrets)
        try await ProviderSignInAttempt(
            stateHash: SecureToken.digest(secrets.state), bindingHash: SecureToken.digest(binding), provider: provider.id,
            nonce: secrets.nonce, codeVerifier: secrets.codeVerifier, sessionID: request.principal?.sessionID,
            returnTo: returnTo, now: now
        ).create(on: database)
        let response = Response(status: .found)
        response.headers.replaceOrAdd(name: .location, value: url)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        setBinding(binding, on: response)
        return response
    }

    /// `PUBLIC_URL` + `/auth/{provider}/callback`: what the provider was told, never the request's host.
    func callbackURL(for provider: SignInProvider) -> String {
        request.application.appConfiguration.publicURL.absoluteString + ProviderSignInURL.providerCallback(.value(provider.id.rawValue)).path
    }

    var existingBinding: String? {
        guard let value = request.cookies[Self.bindingCookie]?.string, SecureToken.isWellFormed(value) else { return nil }
        return value
    }

    func setBinding(_ binding: String, on response: Response) {
        // Lax, not Strict: the provider sends the browser back with a cross-site top-level GET.
        response.cookies[Self.bindingCookie] = SessionCookie.value(
            binding, secure: request.application.appConfiguration.isSecure,
            maxAge: PendingProviderSignUp.lifetime, path: SessionCookie.signInBindingPath
        )
    }

    // MARK: - Callback

    struct CallbackQuery: Content {
        var state: String?
        var code: String?
        var error: String?
    }

    /// Checks the callback and decides what it means. Every refusal is logged with its reason.
    func finish(_ provider: SignInProvider, query: CallbackQuery) async throws -> Outcome {
        guard let attempt = try await consumeAttempt(state: query.state) else { return refuse(.state, "state unknown or used") }
        guard let binding = existingBinding, SecureToken.constantTimeEquals(SecureToken.digest(binding), attempt.bindingHash) else {
            return refuse(.state, "state from another browser")
        }
        guard attempt.provider == provider.id.rawValue else { return refuse(.state, "state of another provider") }
        guard attempt.expiresAt > now else { return refuse(.state, "state expired") }
        guard attempt.sessionID == request.principal?.sessionID else { return refuse(.state, "state from another session") }
        if let error = query.error {
            // OAuth error codes are letters and underscores (RFC 6749 §4.1.2.1); nothing else reaches the log.
            let code = String(error.filter { $0.isASCII && ($0.isLetter || $0 == "_") }.prefix(40))
            return refuse(code == "access_denied" ? .cancelled : .providerError, "provider answered \(code)")
        }
        guard let code = query.code, !code.isEmpty, code.count <= 2048 else { return refuse(.providerError, "no code") }
        let secrets = SignInProviderClient.Secrets(state: query.state ?? "", nonce: attempt.nonce, codeVerifier: attempt.codeVerifier, redirectURI: callbackURL(for: provider))
        let identity: ProviderIdentity
        do {
            identity = try await request.signInProviderClient(for: provider).identity(code: code, secrets: secrets, now: now)
        } catch let failure as ProviderSignInFailure {
            if case .providerUnreachable = failure { return refuse(.unreachable, failure.reason) }
            return refuse(.verification, failure.reason)
        }
        return try await outcome(for: identity, returnTo: attempt.returnTo, binding: binding)
    }

    private func outcome(for identity: ProviderIdentity, returnTo: String, binding: String) async throws -> Outcome {
        let existing = try await MemberIdentity.matching(identity, on: database).with(\.$member).first()
        if let principal = request.principal {
            if let existing {
                return existing.$member.id == principal.memberID ? .alreadyLinked : refuse(.linkedElsewhere, "identity linked to another member")
            }
            do {
                try await MemberIdentity(memberID: principal.memberID, identity: identity).create(on: database)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                return refuse(.linkedElsewhere, "identity linked meanwhile")
            }
            return .linked
        }
        if let existing {
            let member = existing.member
            if member.isSuspended { return refuse(.suspended, "member suspended") }
            existing.lastUsedAt = now
            try await existing.save(on: database)
            return .signedIn(member, returnTo: returnTo)
        }
        try await PendingProviderSignUp(bindingHash: SecureToken.digest(binding), identity: identity, returnTo: returnTo, now: now).create(on: database)
        return .confirm
    }

    /// Deletes the attempt for this state and returns it, or nil when there is none; of two
    /// callbacks with one state only the one whose delete removed the row gets it.
    private func consumeAttempt(state: String?) async throws -> ProviderSignInAttempt? {
        guard let state, !state.isEmpty, state.count <= 128 else { return nil }
        guard let attempt = try await ProviderSignInAttempt.query(on: database).filter(\.$stateHash == SecureToken.digest(state)).first(),
              let id = attempt.id
        else { return nil }
        let sql = database as! any SQLDatabase
        let deleted = try await sql.raw("DELETE FROM \(ident: ProviderSignInAttempt.schema) WHERE id = \(bind: id) RETURNING id").first()
        return deleted == nil ? nil : attempt
    }

    private func refuse(_ refusal: Refusal, _ detail: String) -> Outcome {
        request.logger.notice("Provider sign-in refused", metadata: ["refusal": .string(refusal.rawValue), "reason": .string(detail)])
        return .refused(refusal)
    }

    // MARK: - Confirmation of a newcomer

    /// The newest sign-up waiting in this browser, if it has not expired.
    func pendingSignUp() async throws -> PendingProviderSignUp? {
        guard let binding = existingBinding else { return nil }
        return try await PendingProviderSignUp.query(on: database)
            .filter(\.$bindingHash == SecureToken.digest(binding))
            .filter(\.$expiresAt > now)
            .sort(\.$createdAt, .descending)
            .first()
    }

    /// Whether an account already uses the address the provider gave (the page then offers to
    /// sign in with that account's password and link from there, never to link by itself).
    func addressBelongsToAccount(_ pending: PendingProviderSignUp) async throws -> Bool {
        guard let email = pending.email, EmailAddress.isValid(email) else { return false }
        return try await Member.withEmail(email, on: database).count() > 0
    }

    /// Creates the member from a confirmed sign-up and ends the sign-up.
    func confirm(_ pending: PendingProviderSignUp, displayName: String, email: String) async throws -> Member {
        guard let identity = pending.identity else { throw Abort(.badRequest) }
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines)
        // The provider's word counts only for the very address it vouched for.
        let verified = identity.emailVerified && identity.email.map { EmailAddress.key($0) == EmailAddress.key(trimmed) } == true
        do {
            let member = try await AccountService(request: request).register(identity: identity, email: trimmed, displayName: displayName, emailVerified: verified, locale: request.appLocale)
            try await endSignUps(of: pending)
            return member
        } catch is IdentityTaken {
            try await endSignUps(of: pending)
            throw IdentityTaken()
        }
    }

    /// Every sign-up waiting in this browser ends with the one confirmed.
    private func endSignUps(of pending: PendingProviderSignUp) async throws {
        try await PendingProviderSignUp.query(on: database).filter(\.$bindingHash == pending.bindingHash).delete()
    }
}
