import Fluent
import SQLKit
import Vapor

/// An address that already belongs to an account (409 for the API; a field message on pages).
struct EmailTaken: Error {}

/// A provider identity that is already linked to a member (it signs that member in instead).
struct IdentityTaken: Error {}

/// The rules of accounts, shared by the pages and the API so both behave the same: who may
/// register, sign in, verify, recover and change what, and which mail each step sends.
struct AccountService {
    let request: Request

    var database: any Database { request.db }
    /// The time every rule here reads (links' expiry, sessions, verification).
    var now: Date { request.application.clock.now }

    // MARK: - Registration

    struct Registration {
        var email: String
        var password: String
        var displayName: String
        var locale: AppLocale
    }

    static let displayNameLength = 1...80

    /// Field problems of a registration, before anything is written.
    func problems(with registration: Registration) -> FormErrors {
        Self.problems(with: registration, passwordPolicy: request.application.passwordPolicy)
    }

    /// The same rules without a request: every way in (pages, API, providers, `create-admin`)
    /// checks an address, a name and a password with these.
    static func problems(with registration: Registration, passwordPolicy: PasswordPolicy) -> FormErrors {
        var errors = FormErrors()
        checkEmail(registration.email, into: &errors)
        checkDisplayName(registration.displayName, into: &errors)
        checkNewPassword(registration.password, field: "password", policy: passwordPolicy, into: &errors)
        return errors
    }

    func checkEmail(_ email: String, field: String = "email", into errors: inout FormErrors) {
        Self.checkEmail(email, field: field, into: &errors)
    }

    static func checkEmail(_ email: String, field: String = "email", into errors: inout FormErrors) {
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            errors.add(field, "account.error.email.missing")
        } else if !EmailAddress.isValid(trimmed) {
            errors.add(field, "account.error.email.invalid")
        }
    }

    static let displayNameRule = PlainTextRule(maxCharacters: displayNameLength.upperBound)

    func checkDisplayName(_ name: String, into errors: inout FormErrors) {
        Self.checkDisplayName(name, into: &errors)
    }

    static func checkDisplayName(_ name: String, into errors: inout FormErrors) {
        switch displayNameRule.check(name) {
        case .success(let kept) where kept.isEmpty:
            errors.add("displayName", "account.error.name.missing")
        case .success:
            break
        case .failure(.tooLong):
            errors.add("displayName", "account.error.name.long", ["max": "\(displayNameLength.upperBound)"])
        case .failure(.characters):
            errors.add("displayName", "account.error.name.invalid")
        }
    }

    /// A display name as kept: trimmed and in NFC, as `checkDisplayName` accepted it.
    static func keptDisplayName(_ name: String) -> String {
        (try? displayNameRule.check(name).get()) ?? name.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func checkNewPassword(_ password: String, field: String, into errors: inout FormErrors) {
        Self.checkNewPassword(password, field: field, policy: request.application.passwordPolicy, into: &errors)
    }

    static func checkNewPassword(_ password: String, field: String, policy: PasswordPolicy, into errors: inout FormErrors) {
        if let problem = policy.problem(with: password) {
            errors.add(field, problem.rawValue, ["min": "\(PasswordPolicy.minimumLength)", "max": "\(PasswordPolicy.maximumLength)"])
        }
    }

    /// Creates an administrator whose address the operator vouches for (`create-admin`), by the
    /// same rules as every registration. Throws `FormErrors` for bad fields, `EmailTaken`.
    static func createAdministrator(
        _ registration: Registration, on database: any Database, passwordPolicy: PasswordPolicy,
        hasher: PasswordHasher, now: Date = Date()
    ) async throws -> Member {
        let errors = problems(with: registration, passwordPolicy: passwordPolicy)
        guard errors.isEmpty else { throw errors }
        let email = registration.email.trimmingCharacters(in: .whitespacesAndNewlines)
        if try await Member.withEmail(email, on: database).count() > 0 { throw EmailTaken() }
        let member = Member(email: email, passwordHash: try await hasher.hash(registration.password),
                            displayName: keptDisplayName(registration.displayName), locale: registration.locale, role: .admin)
        member.emailVerifiedAt = now
        try await member.create(on: database)
        return member
    }

    /// Queues a registration, the same way and in the same time whether or not the address has an
    /// account (the password is hashed either way): the job creates the member and mails the
    /// verification link, or tells the address's owner that someone tried to join with it.
    /// Throws `FormErrors` for bad fields.
    func requestRegistration(_ registration: Registration) async throws {
        let errors = problems(with: registration)
        guard errors.isEmpty else { throw errors }
        let hash = try await request.passwordHasher.hash(registration.password)
        try await JobQueue.enqueue(RegistrationRequested(
            email: registration.email.trimmingCharacters(in: .whitespacesAndNewlines),
            displayName: Self.keptDisplayName(registration.displayName),
            passwordHash: hash,
            locale: registration.locale
        ), on: database, now: now)
    }

    /// Creates a member who signs in through a provider (no password) with that identity linked,
    /// in one transaction; an address the provider did not vouch for gets a verification mail.
    /// Throws `FormErrors` for a bad name or address and `EmailTaken` for an address in use.
    func register(identity: ProviderIdentity, email: String, displayName: String, emailVerified: Bool, locale: AppLocale) async throws -> Member {
        var errors = FormErrors()
        checkEmail(email, into: &errors)
        checkDisplayName(displayName, into: &errors)
        guard errors.isEmpty else { throw errors }
        if try await MemberIdentity.matching(identity, on: database).count() > 0 { throw IdentityTaken() }
        if try await Member.withEmail(email, on: database).count() > 0 { throw EmailTaken() }
        let member = Member(email: email, passwordHash: nil, displayName: Self.keptDisplayName(displayName), locale: locale)
        member.emailVerifiedAt = emailVerified ? now : nil
        do {
            try await database.transaction { db in
                try await member.create(on: db)
                try await MemberIdentity(memberID: try member.requireID(), identity: identity).create(on: db)
                if !emailVerified { try await sendVerification(to: member, on: db) }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two confirmations at the same moment: the unique indexes decide which one lost.
            if try await MemberIdentity.matching(identity, on: database).count() > 0 { throw IdentityTaken() }
            throw EmailTaken()
        }
        return member
    }

    /// Queues a verification mail with a new 48-hour link.
    func sendVerification(to member: Member, on db: any Database) async throws {
        try await AccountMailer(application: request.application).sendVerification(to: member, on: db)
    }

    // MARK: - Signing in

    enum SignInOutcome {
        case success(Member)
        case wrongCredentials
        case suspended
    }

    /// Checks an email and password under the sign-in limits: every attempt counts against the
    /// client's address. Failures from a browser that signed in to this account before (its
    /// device cookie) count against that browser only; every other failure counts against the
    /// email, so a stranger's guesses never lock the owner's own browser out, and signing in
    /// often never locks anyone out. Takes as long for an unknown or malformed email as for a
    /// known one.
    func signIn(email: String, password: String) async throws -> SignInOutcome {
        let ipKey = IPAddressRange.rateLimitKey(for: request.clientIP)
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        guard EmailAddress.isValid(email) else {
            try await request.rateLimiter.hit(.signInPerIP, key: ipKey)
            await request.passwordHasher.verifyNothing(password)
            return .wrongCredentials
        }
        let member = try await Member.withEmail(email, on: database).first()
        // The owner's own browser keeps its own limit, whatever strangers do from elsewhere or
        // from the same address (a shared network).
        if let device = try await trustedDevice(for: member) {
            let outcome = try await authenticate(member, password: password)
            if case .wrongCredentials = outcome { try await request.rateLimiter.hit(.signInPerDevice, key: device) }
            return outcome
        }
        let key = EmailAddress.key(email)
        try await request.rateLimiter.hit(.signInPerIP, key: ipKey)
        try await request.rateLimiter.check(.signInPerEmail, key: key)
        let outcome = try await authenticate(member, password: password)
        if case .wrongCredentials = outcome {
            try await request.rateLimiter.hit(.signInPerEmail, key: key)
        }
        return outcome
    }

    /// The device cookie's nonce when this browser signed in to the account with its current
    /// password and has not used up its own limit; a device past its limit, or one whose entry
    /// predates a change of password, is treated as a stranger.
    private func trustedDevice(for member: Member?) async throws -> String? {
        guard let member, let account = DeviceCookie.account(of: member) else { return nil }
        let cookie = request.cookies[DeviceCookie.name(secure: request.application.appConfiguration.isSecure)]?.string
        guard let nonce = DeviceCookie.trustedNonce(in: cookie, for: account, secret: try await request.siteSecret) else { return nil }
        do {
            try await request.rateLimiter.check(.signInPerDevice, key: nonce)
            return nonce
        } catch is RateLimited {
            return nil
        }
    }

    private func authenticate(_ member: Member?, password: String) async throws -> SignInOutcome {
        guard let member, let hash = member.passwordHash else {
            await request.passwordHasher.verifyNothing(password)
            return .wrongCredentials
        }
        guard try await request.passwordHasher.verify(password, against: hash) else { return .wrongCredentials }
        return member.isSuspended ? .suspended : .success(member)
    }

    /// Starts a new session (a new id even if one existed: no session fixation) and returns its
    /// cookie token and CSRF token.
    func startSession(for member: Member) async throws -> (token: String, csrfToken: String) {
        if let current = request.principal?.sessionID {
            try await MemberSession.query(on: database).filter(\.$id == current).delete()
        }
        let token = SecureToken.generate()
        let session = MemberSession(memberID: try member.requireID(), tokenHash: SecureToken.digest(token), csrfToken: SecureToken.generate(), lastSeenAt: now)
        try await session.create(on: database)
        try await request.application.memberActivity.record(member, at: now, on: database, logger: request.logger)
        request.principal = try member.principal(via: .session(id: try session.requireID(), csrfToken: session.csrfToken))
        return (token, session.csrfToken)
    }

    func endCurrentSession() async throws {
        guard let id = request.principal?.sessionID else { return }
        try await MemberSession.query(on: database).filter(\.$id == id).delete()
    }

    /// Ends every way the member is signed in anywhere: sessions and personal API tokens
    /// (a stolen session could have made a token, which must not outlive the member's recovery).
    func signOutEverywhere(_ memberID: UUID, on db: (any Database)? = nil) async throws {
        try await MemberSession.query(on: db ?? database).filter(\.$member.$id == memberID).delete()
        try await APIToken.query(on: db ?? database).filter(\.$member.$id == memberID).delete()
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
    var recoveryLink: String { link(.passwordForgot) }

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

    /// An absolute link for mail, on `PUBLIC_URL`, with the secret of a mail link when given.
    func link(_ url: AccountsURL, token: String? = nil) -> String {
        AccountMailer(application: request.application).link(url, token: token)
    }

    /// Verifies the address the token was sent to.
    func verifyEmail(token: String) async throws -> Bool {
        try await database.transaction { db in
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

    /// Queues a reset request under the per-client limit. The same work is done, in the same time,
    /// whether or not the address has an account: the job decides, later, whether there is anyone
    /// to mail, and keeps the per-address limit on mails (so no one can stop the owner asking).
    func requestPasswordReset(email: String) async throws {
        try await request.rateLimiter.hit(.passwordResetPerIP, key: IPAddressRange.rateLimitKey(for: request.clientIP))
        try await JobQueue.enqueue(PasswordResetRequested(email: email), on: database, now: now)
    }

    /// Sets a new password from a reset link and ends every session of the member.
    /// Throws `FormErrors` for a weak password; returns the member, or nil for a bad link.
    func resetPassword(token: String, newPassword: String) async throws -> Member? {
        var errors = FormErrors()
        checkNewPassword(newPassword, field: "password", into: &errors)
        guard errors.isEmpty else { throw errors }
        let hash = try await request.passwordHasher.hash(newPassword)
        return try await database.transaction { db in
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
            try await Outbox.enqueue(AccountMail.passwordChanged(to: member, link: recoveryLink, catalogs: request.application.catalogs), on: db, now: now)
            return member
        }
    }

    /// The member behind the request's principal (for pages and the API that show or change it).
    func currentMember() async throws -> Member {
        let principal = try request.require()
        guard let member = try await Member.find(principal.memberID, on: database) else { throw SignInRequired() }
        return member
    }
}
