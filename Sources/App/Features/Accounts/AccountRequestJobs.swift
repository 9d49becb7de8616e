import Fluent
import Vapor

// The account requests whose answer must not tell whether an address has an account. The
// request does the same work whatever the address (validation, the password hash, one queued
// job) and answers "check your mail"; the job, run after the answer, looks the address up and
// sends the mail that fits. Nothing it does is timed by the client.

/// Someone asked to join with this address and password (already hashed).
struct RegistrationRequested: QueueableJob {
    static let kind = "accounts.registration"

    let email: String
    let displayName: String
    let passwordHash: String
    let locale: AppLocale
    /// The browser's zone when the join form's script gave a known one (absent in jobs queued
    /// before it existed).
    var timeZone: String? = nil

    /// A new address gets an unverified member and the verification mail; an address in use gets
    /// a notice to its owner ("if it was you, sign in or reset your password"), and nothing else.
    func run(in application: Application) async throws {
        let mailer = AccountMailer(application: application)
        if let owner = try await Member.withEmail(email, on: application.db).first() {
            try await mailer.tellOfJoinAttempt(owner, on: application.db)
            return
        }
        let member = Member(email: email, passwordHash: passwordHash, displayName: displayName, locale: locale)
        if let timeZone, MemberTimeZone.isKnown(timeZone) { member.timeZone = timeZone }
        do {
            try await application.db.writeTransaction { db in
                try await member.create(on: db)
                try await mailer.sendVerification(to: member, on: db)
            }
        } catch {
            // Joined by another request meanwhile: the owner hears of this attempt like any other.
            guard (error as? any DatabaseError)?.isConstraintFailure == true,
                  let owner = try await Member.withEmail(email, on: application.db).first()
            else { throw error }
            try await mailer.tellOfJoinAttempt(owner, on: application.db)
        }
    }
}

/// Someone asked for a password reset link for this address.
struct PasswordResetRequested: QueueableJob {
    static let kind = "accounts.password-reset"

    let email: String

    /// Mails a one-hour link if the address has an account that is not suspended, at most five in
    /// 30 minutes (earlier links stay valid for their hour); nothing otherwise.
    func run(in application: Application) async throws {
        guard let member = try await Member.withEmail(email, on: application.db).first(), !member.isSuspended,
              try await RateLimiter(database: application.db, clock: application.clock).allows(.passwordResetPerEmail, key: member.emailKey)
        else { return }
        let mailer = AccountMailer(application: application)
        try await application.db.writeTransaction { db in
            let token = try await AccountToken.issue(.resetPassword, for: member, now: mailer.clock.now, on: db)
            try await Outbox.enqueue(AccountMail.passwordReset(to: member, link: mailer.link(.passwordReset, token: token), catalogs: mailer.catalogs), on: db, now: mailer.clock.now)
        }
    }
}

/// A signed-in member (whose password was checked) asked to move their account to this address.
struct EmailChangeRequested: QueueableJob {
    static let kind = "accounts.email-change"

    let memberID: UUID
    let newEmail: String

    /// Mails a confirmation link to the new address unless it already belongs to an account
    /// (then nothing is sent, and the member's answer was the same).
    func run(in application: Application) async throws {
        guard try await Member.withEmail(newEmail, on: application.db).count() == 0,
              let member = try await Member.find(memberID, on: application.db)
        else { return }
        let mailer = AccountMailer(application: application)
        try await application.db.writeTransaction { db in
            let token = try await AccountToken.issue(.changeEmail, for: member, newEmail: newEmail, now: mailer.clock.now, on: db)
            try await Outbox.enqueue(AccountMail.emailChange(to: member, newEmail: newEmail, link: mailer.link(.confirmEmail, token: token), catalogs: mailer.catalogs), on: db, now: mailer.clock.now)
        }
    }
}

/// What account mail needs from the application (no request): the catalogs and the public address.
struct AccountMailer: Sendable {
    let catalogs: Catalogs
    let publicURL: URL
    let clock: any SiteClock

    init(application: Application) {
        catalogs = application.catalogs
        publicURL = application.appConfiguration.publicURL
        clock = application.clock
    }

    /// An absolute link for mail, on `PUBLIC_URL`, with the secret of a mail link when given.
    func link(_ url: AccountsURL, token: String? = nil) -> String {
        var components = URLComponents(url: publicURL, resolvingAgainstBaseURL: false)!
        components.path = url.path
        components.queryItems = token.map { [URLQueryItem(name: "token", value: $0)] }
        return components.string!
    }

    /// Queues a verification mail with a new 48-hour link.
    func sendVerification(to member: Member, on db: any Database) async throws {
        let token = try await AccountToken.issue(.verifyEmail, for: member, now: clock.now, on: db)
        try await Outbox.enqueue(AccountMail.verification(to: member, link: link(.verifyEmail, token: token), catalogs: catalogs), on: db, now: clock.now)
    }

    /// Tells an owner someone tried to join with their address, at most three times a day (a flood
    /// of attempts from many places must not flood the inbox).
    func tellOfJoinAttempt(_ owner: Member, on db: any Database) async throws {
        guard try await RateLimiter(database: db, clock: clock).allows(.joinAttemptNoticePerEmail, key: owner.emailKey) else { return }
        try await Outbox.enqueue(AccountMail.joinAttempt(to: owner, link: link(.login), catalogs: catalogs), on: db, now: clock.now)
    }
}

extension AccountToken {
    /// Creates a single-use token of this purpose and returns the secret for the link.
    static func issue(_ purpose: Purpose, for member: Member, newEmail: String? = nil, now: Date, on db: any Database) async throws -> String {
        let token = SecureToken.generate()
        try await AccountToken(memberID: try member.requireID(), purpose: purpose, tokenHash: SecureToken.digest(token), newEmail: newEmail, now: now).create(on: db)
        return token
    }
}
