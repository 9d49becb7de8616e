import Fluent
import SQLKit
import Vapor

/// The rules of signing in through a provider: a trip starts bound to this browser (and session,
/// if any) and is used once; a known identity signs its member in; a new one is linked to the
/// member who asked, or waits for a newcomer to confirm. An email address never links anything.
/// It takes the database, the clock, the providers' clients and the accounts service, never a
/// request: the browser's binding cookie and who is signed in come in as arguments, and the
/// cookies go on the response at the web edge (`ProviderSignInController`).
struct ProviderSignInService: Sendable {
    let database: any Database
    let clock: any SiteClock
    /// `PUBLIC_URL`, where providers send the browser back.
    let publicURL: URL
    let providers: SignInProviderClients
    let accounts: AccountService
    let logger: Logger

    /// The time the trips' and confirmations' expiry is read against.
    var now: Date { clock.now }

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

    /// A trip about to leave for the provider: where to send the browser, and the binding secret
    /// its cookie must carry back.
    struct Trip: Sendable {
        let authorizationURL: String
        let binding: String
    }

    /// Starts a trip under the per-client limit (each stores an attempt; a client cannot fill the
    /// table), bound to the browser and to `sessionID`, the session that asked (nil signed out).
    func start(_ provider: SignInProvider, returnTo: String, sessionID: UUID?, from origin: ClientOrigin) async throws -> Trip {
        try await rateLimiter.hit(.providerSignInPerIP, key: origin.rateLimitKey)
        let binding = SecureToken.generate()
        let secrets = SignInProviderClient.Secrets(
            state: SecureToken.generate(), nonce: SecureToken.generate(), codeVerifier: PKCE.makeVerifier(),
            redirectURI: callbackURL(for: provider)
        )
        let url = try await providers.client(for: provider).authorizationURL(secrets)
        try await ProviderSignInAttempt(
            stateHash: SecureToken.digest(secrets.state), bindingHash: SecureToken.digest(binding), provider: provider.id,
            nonce: secrets.nonce, codeVerifier: secrets.codeVerifier, sessionID: sessionID,
            returnTo: returnTo, now: now
        ).create(on: database)
        return Trip(authorizationURL: url, binding: binding)
    }

    var rateLimiter: RateLimiter { RateLimiter(database: database, clock: clock) }

    /// `PUBLIC_URL` + `/auth/{provider}/callback`: what the provider was told, never the request's host.
    func callbackURL(for provider: SignInProvider) -> String {
        publicURL.absoluteString + ProviderSignInURL.providerCallback(.value(provider.id.rawValue)).path
    }

    // MARK: - Callback

    struct CallbackQuery: Content {
        var state: String?
        var code: String?
        var error: String?
    }

    /// Checks the callback and decides what it means, for the browser whose binding cookie is
    /// `binding` and who is signed in as `principal`. Every refusal is logged with its reason.
    func finish(_ provider: SignInProvider, query: CallbackQuery, binding: String?, principal: Principal?) async throws -> Outcome {
        guard let attempt = try await consumeAttempt(state: query.state) else { return refuse(.state, "state unknown or used") }
        guard let binding, SecureToken.constantTimeEquals(SecureToken.digest(binding), attempt.bindingHash) else {
            return refuse(.state, "state from another browser")
        }
        guard attempt.provider == provider.id.rawValue else { return refuse(.state, "state of another provider") }
        guard attempt.expiresAt > now else { return refuse(.state, "state expired") }
        guard attempt.sessionID == principal?.sessionID else { return refuse(.state, "state from another session") }
        if let error = query.error {
            // OAuth error codes are letters and underscores (RFC 6749 §4.1.2.1); nothing else reaches the log.
            let code = String(error.filter { $0.isASCII && ($0.isLetter || $0 == "_") }.prefix(40))
            return refuse(code == "access_denied" ? .cancelled : .providerError, "provider answered \(code)")
        }
        guard let code = query.code, !code.isEmpty, code.count <= 2048 else { return refuse(.providerError, "no code") }
        let secrets = SignInProviderClient.Secrets(state: query.state ?? "", nonce: attempt.nonce, codeVerifier: attempt.codeVerifier, redirectURI: callbackURL(for: provider))
        let identity: ProviderIdentity
        do {
            identity = try await providers.client(for: provider).identity(code: code, secrets: secrets, now: now)
        } catch let failure as ProviderSignInFailure {
            if case .providerUnreachable = failure { return refuse(.unreachable, failure.reason) }
            return refuse(.verification, failure.reason)
        }
        return try await outcome(for: identity, returnTo: attempt.returnTo, binding: binding, principal: principal)
    }

    private func outcome(for identity: ProviderIdentity, returnTo: String, binding: String, principal: Principal?) async throws -> Outcome {
        let existing = try await MemberIdentity.matching(identity, on: database).with(\.$member).first()
        if let principal {
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
        logger.notice("Provider sign-in refused", metadata: ["refusal": .string(refusal.rawValue), "reason": .string(detail)])
        return .refused(refusal)
    }

    // MARK: - Confirmation of a newcomer

    /// The newest sign-up waiting in the browser whose binding cookie is `binding`, if it has not expired.
    func pendingSignUp(binding: String?) async throws -> PendingProviderSignUp? {
        guard let binding else { return nil }
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
        return try await accounts.hasAccount(email: email)
    }

    /// The message for an address that has an account: the page then offers to sign in to it
    /// and link from there.
    static let emailTakenKey = "providerSignIn.confirm.emailTaken"

    /// Registers the newcomer of a confirmed sign-up, by the rules of every registration
    /// (`AccountService.register`: its limit per client, its field rules), and ends the sign-up.
    /// Throws `FormErrors` (an address in use among them: `emailTakenKey`) and `IdentityTaken`.
    func confirm(
        _ pending: PendingProviderSignUp, displayName: String, email: String, consented: Bool, locale: AppLocale, from origin: ClientOrigin
    ) async throws -> Member {
        guard let identity = pending.identity else { throw Abort(.badRequest) }
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines)
        // The provider's word counts only for the very address it vouched for.
        let verified = identity.emailVerified && identity.email.map { EmailAddress.key($0) == EmailAddress.key(trimmed) } == true
        let registration = AccountService.Registration(
            email: trimmed, displayName: displayName, locale: locale, way: .provider(identity, addressVouched: verified), consented: consented)
        do {
            guard let member = try await accounts.register(registration, from: origin).member else { throw Abort(.internalServerError) }
            try await endSignUps(of: pending)
            return member
        } catch is IdentityTaken {
            try await endSignUps(of: pending)
            throw IdentityTaken()
        } catch is EmailTaken {
            var taken = FormErrors()
            taken.add("email", Self.emailTakenKey)
            throw taken
        }
    }

    /// Every sign-up waiting in this browser ends with the one confirmed.
    private func endSignUps(of pending: PendingProviderSignUp) async throws {
        try await PendingProviderSignUp.query(on: database).filter(\.$bindingHash == pending.bindingHash).delete()
    }
}
