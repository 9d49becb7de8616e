import Fluent
import SQLKit
import Vapor

/// Signing in and out, sessions, mail links and password recovery: the account's ways in.
extension AccountService {
    enum SignInOutcome {
        case success(Member)
        case wrongCredentials
        case suspended
    }

    /// A session the service started: what the web edge puts in the cookie and answers.
    struct StartedSession: Sendable {
        let id: UUID
        let token: String
        let csrfToken: String
    }

    // MARK: - Signing in

    /// Checks an email and password under the sign-in limits: every attempt counts against the
    /// client's address. Failures from a browser that signed in to this account before (its
    /// device cookie) count against that browser only; every other failure counts against the
    /// email, so a stranger's guesses never lock the owner's own browser out, and signing in
    /// often never locks anyone out. Takes as long for an unknown or malformed email as for a
    /// known one.
    func signIn(email: String, password: String, from origin: ClientOrigin) async throws -> SignInOutcome {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        guard EmailAddress.isValid(email) else {
            try await rateLimiter.hit(.signInPerIP, key: origin.rateLimitKey)
            await hasher.verifyNothing(password)
            return .wrongCredentials
        }
        let member = try await Member.withEmail(email, on: database).first()
        // The owner's own browser keeps its own limit, whatever strangers do from elsewhere or
        // from the same address (a shared network).
        if let device = try await trustedDevice(for: member, cookie: origin.deviceCookie) {
            let outcome = try await authenticate(member, password: password)
            if case .wrongCredentials = outcome { try await rateLimiter.hit(.signInPerDevice, key: device) }
            return outcome
        }
        let key = EmailAddress.key(email)
        try await rateLimiter.hit(.signInPerIP, key: origin.rateLimitKey)
        try await rateLimiter.check(.signInPerEmail, key: key)
        let outcome = try await authenticate(member, password: password)
        if case .wrongCredentials = outcome {
            try await rateLimiter.hit(.signInPerEmail, key: key)
        }
        return outcome
    }

    /// The device cookie's nonce when this browser signed in to the account with its current
    /// password and has not used up its own limit; a device past its limit, or one whose entry
    /// predates a change of password, is treated as a stranger.
    private func trustedDevice(for member: Member?, cookie: String?) async throws -> String? {
        guard let member, let account = DeviceCookie.account(of: member) else { return nil }
        guard let nonce = DeviceCookie.trustedNonce(in: cookie, for: account, secret: try await siteSecrets.secret(on: database)) else { return nil }
        do {
            try await rateLimiter.check(.signInPerDevice, key: nonce)
            return nonce
        } catch is RateLimited {
            return nil
        }
    }

    private func authenticate(_ member: Member?, password: String) async throws -> SignInOutcome {
        guard let member, let hash = member.passwordHash else {
            await hasher.verifyNothing(password)
            return .wrongCredentials
        }
        guard try await hasher.verify(password, against: hash) else { return .wrongCredentials }
        return member.isSuspended ? .suspended : .success(member)
    }

    /// Starts a new session, ending `current` (a new id even if one existed: no session
    /// fixation), and records the member's activity.
    func startSession(for member: Member, replacing current: UUID?) async throws -> StartedSession {
        if let current {
            try await endSession(current)
        }
        let token = SecureToken.generate()
        let session = MemberSession(memberID: try member.requireID(), tokenHash: SecureToken.digest(token), csrfToken: SecureToken.generate(), lastSeenAt: now)
        try await session.create(on: database)
        try await memberActivity.record(member, at: now, on: database, logger: logger)
        return StartedSession(id: try session.requireID(), token: token, csrfToken: session.csrfToken)
    }

    func endSession(_ id: UUID?) async throws {
        guard let id else { return }
        try await database.writeTransaction { db in
            guard let session = try await MemberSession.find(id, on: db) else { return }
            try await session.delete(on: db)
            try await announceSignInsEnded(session.$member.id, on: db)
        }
    }

    /// Ends every way the member is signed in anywhere: sessions and personal API tokens
    /// (a stolen session could have made a token, which must not outlive the member's recovery).
    func signOutEverywhere(_ memberID: UUID, on db: (any Database)? = nil) async throws {
        try await (db ?? database).writeTransaction { db in
            try await MemberSession.query(on: db).filter(\.$member.$id == memberID).delete()
            try await APIToken.query(on: db).filter(\.$member.$id == memberID).delete()
            try await announceSignInsEnded(memberID, on: db)
        }
    }

    /// The member's open event streams check their own sign-in (and close if it was one of those
    /// that just ended), on every instance.
    func announceSignInsEnded(_ memberID: UUID, on db: any Database) async throws {
        try await livePublisher.publish(.signInsEnded, to: [memberID], on: db)
    }

    /// Voids every mail link of the member not used yet (after a reset or a change of password or
    /// address, an older link must not still work).
    func voidMailLinks(of memberID: UUID, on db: any Database) async throws {
        try await AccountToken.query(on: db)
            .filter(\.$member.$id == memberID).filter(\.$usedAt == nil)
            .set(\.$usedAt, to: now)
            .update()
    }

    /// The link in notices: "if this was not you, reset your password".
    var recoveryLink: String { mailer.link(.passwordForgot) }

    // MARK: - Mail links

    /// Marks the token used if it is valid, unused and unexpired, atomically (two clicks, one use),
    /// and returns it; `nil` for anything else.
    func consumeToken(_ token: String, purpose: AccountToken.Purpose, on db: any Database) async throws -> AccountToken? {
        guard !token.isEmpty, token.count <= 64 else { return nil }
        let now = self.now
        let digest = SecureToken.digest(token)
        let sql = db as! any SQLDatabase
        let row = try await sql.raw("""
            UPDATE account_tokens SET used_at = \(bind: now)
            WHERE token_hash = \(bind: digest) AND purpose = \(bind: purpose.rawValue)
            AND used_at IS NULL AND expires_at > \(bind: now)
            RETURNING id
            """).first()
        guard row != nil else { return nil }
        return try await AccountToken.query(on: db).filter(\.$tokenHash == digest).first()
    }

    /// Whether a token would be accepted now (for showing the form behind a link).
    func isUsable(_ token: String, purpose: AccountToken.Purpose) async throws -> Bool {
        guard !token.isEmpty, token.count <= 64 else { return false }
        return try await AccountToken.query(on: database)
            .filter(\.$tokenHash == SecureToken.digest(token)).filter(\.$purpose == purpose)
            .filter(\.$usedAt == nil).filter(\.$expiresAt > now)
            .count() > 0
    }

    /// Verifies the address the token was sent to.
    func verifyEmail(token: String) async throws -> Bool {
        try await database.writeTransaction { db in
            guard let record = try await consumeToken(token, purpose: .verifyEmail, on: db),
                  let member = try await Member.find(record.$member.id, on: db)
            else { return false }
            if member.emailVerifiedAt == nil {
                member.emailVerifiedAt = now
                try await member.save(on: db)
            }
            return true
        }
    }

    // MARK: - Password recovery

    /// Queues a reset request under the per-client limit, once the address is well formed
    /// (`FormErrors` otherwise). The same work is done, in the same time, whether or not the
    /// address has an account: the job decides, later, whether there is anyone to mail, and
    /// keeps the per-address limit on mails (so no one can stop the owner asking).
    func requestPasswordReset(email: String, from origin: ClientOrigin) async throws {
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        checkEmail(email, into: &errors)
        guard errors.isEmpty else { throw errors }
        try await rateLimiter.hit(.passwordResetPerIP, key: origin.rateLimitKey)
        try await JobQueue.enqueue(PasswordResetRequested(email: email), on: database, now: now)
    }

    /// Sets a new password from a reset link and ends every session of the member.
    /// Throws `FormErrors` for a weak password, or for a bad link when `tokenField` names the
    /// field that carried it (the API); otherwise a bad link returns nil (pages show its own page).
    func resetPassword(token: String, newPassword: String, tokenField: String? = nil) async throws -> Member? {
        var errors = FormErrors()
        checkNewPassword(newPassword, field: "password", into: &errors)
        guard errors.isEmpty else { throw errors }
        let hash = try await hasher.hash(newPassword)
        let reset: Member? = try await database.writeTransaction { db in
            guard let record = try await consumeToken(token, purpose: .resetPassword, on: db),
                  let member = try await Member.find(record.$member.id, on: db)
            else { return nil }
            member.passwordHash = hash
            // The link reached the member's inbox, which proves the address. Whoever made an
            // account with an address they could not prove may have linked their own provider
            // to it: the mailbox's owner takes the account back without that way in.
            if member.emailVerifiedAt == nil {
                member.emailVerifiedAt = now
                try await MemberIdentity.query(on: db).filter(\.$member.$id == member.requireID()).delete()
            }
            try await member.save(on: db)
            try await signOutEverywhere(try member.requireID(), on: db)
            try await voidMailLinks(of: try member.requireID(), on: db)
            try await Outbox.enqueue(AccountMail.passwordChanged(to: member, link: recoveryLink, catalogs: mailer.catalogs), on: db, now: now)
            return member
        }
        if reset == nil, let tokenField {
            var invalid = FormErrors()
            invalid.add(tokenField, "reset.invalid")
            throw invalid
        }
        return reset
    }
}
