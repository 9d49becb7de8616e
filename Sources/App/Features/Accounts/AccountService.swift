import Fluent
import Vapor

/// An address that already belongs to an account (409 for the API; a field message on pages).
struct EmailTaken: Error {}

/// A provider identity that is already linked to a member (it signs that member in instead).
struct IdentityTaken: Error {}

/// The rules of accounts, one path per action for every way in — pages, the API, provider
/// sign-in, `create-admin` and jobs: who may register, sign in, verify, recover and change what,
/// under which limits, and which mail each step sends. It takes what it works with, never a
/// request: what only a request knows (the client's address, the device cookie, the current
/// session) comes in as arguments. Field problems are thrown as `FormErrors`.
struct AccountService: Sendable {
    let database: any Database
    let clock: any SiteClock
    let hasher: PasswordHasher
    let rateLimiter: RateLimiter
    let passwordPolicy: PasswordPolicy
    let mailer: AccountMailer
    let siteSecrets: SiteSecretStore
    let memberActivity: MemberActivity
    /// Tells the member's open pages when some of their sign-ins end (`LiveEvent.signInsEnded`).
    let livePublisher: any LivePublisher
    let logger: Logger

    /// The time every rule here reads (links' expiry, sessions, verification).
    var now: Date { clock.now }

    // MARK: - Registration

    /// One registration, whichever way it comes in.
    struct Registration: Sendable {
        /// How the new member will sign in, which decides what registering does.
        enum Way: Sendable {
            /// With a password: the answer is the same whether the address is taken; a job makes
            /// the member and mails the verification link (pages and the API).
            case password(String)
            /// Through a provider identity, linked at once; the address is verified when the
            /// provider vouched for that very address.
            case provider(ProviderIdentity, addressVouched: Bool)
            /// An administrator whose address the operator vouches for (`create-admin`): made at once.
            case administrator(password: String)
        }

        var email: String
        var displayName: String
        /// The language of the request (or the operator's), used unless `chosenLocale` is given.
        var locale: AppLocale
        var way: Way
        /// A language code the client chose (the API's `locale`), checked like a field.
        var chosenLocale: String? = nil
        /// Whether the terms were accepted, where the form asks (`nil`: this way in does not ask).
        var consented: Bool? = nil
        /// The browser's time zone (the join form's script): used when known, never an error.
        var timeZoneGuess: String? = nil
    }

    /// What registering did.
    enum Registered {
        /// A job makes the member (or tells the address's owner) and mails; nothing to show yet.
        case mailSent
        case created(Member)

        var member: Member? {
            if case .created(let member) = self { member } else { nil }
        }
    }

    static let displayNameLength = 1...80

    /// Registers, by the same rules for every way in: the per-client limit (counted before the
    /// fields are read, so a client cannot probe for free; none for the operator's command,
    /// `origin` nil), then every field, then what the way asks. Throws `RateLimited`,
    /// `FormErrors` for bad fields, `EmailTaken` and `IdentityTaken` where the answer may say so.
    func register(_ registration: Registration, from origin: ClientOrigin?) async throws -> Registered {
        if let origin {
            try await rateLimiter.hit(.registrationPerIP, key: origin.rateLimitKey)
        }
        let errors = problems(with: registration)
        guard errors.isEmpty else { throw errors }
        let email = registration.email.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = Self.keptDisplayName(registration.displayName)
        let locale = registration.chosenLocale.flatMap(AppLocale.init(rawValue:)) ?? registration.locale
        switch registration.way {
        case .password(let password):
            // The same answer, in the same time, for an address that already has an account: the
            // job tells its owner, and no one else learns it.
            try await JobQueue.enqueue(RegistrationRequested(
                email: email, displayName: name, passwordHash: try await hasher.hash(password), locale: locale,
                timeZone: registration.timeZoneGuess.flatMap { MemberTimeZone.isKnown($0) ? $0 : nil }
            ), on: database, now: now)
            return .mailSent
        case .provider(let identity, let vouched):
            return .created(try await create(email: email, displayName: name, locale: locale, identity: identity, verified: vouched))
        case .administrator(let password):
            if try await hasAccount(email: email) { throw EmailTaken() }
            let member = Member(email: email, passwordHash: try await hasher.hash(password), displayName: name, locale: locale, role: .admin)
            member.emailVerifiedAt = now
            try await member.create(on: database)
            return .created(member)
        }
    }

    /// Every field problem of a registration, before anything is written. `checkingPassword`
    /// false checks the rest before a password is asked for (`create-admin`).
    func problems(with registration: Registration, checkingPassword: Bool = true) -> FormErrors {
        var errors = FormErrors()
        if let code = registration.chosenLocale { checkLocale(code, into: &errors) }
        checkEmail(registration.email, into: &errors)
        checkDisplayName(registration.displayName, into: &errors)
        switch registration.way {
        case .password(let password), .administrator(let password):
            if checkingPassword { checkNewPassword(password, field: "password", into: &errors) }
        case .provider:
            break
        }
        if registration.consented == false { errors.add("consent", "join.error.consent") }
        return errors
    }

    /// Whether an account uses this address (in any case of letters).
    func hasAccount(email: String) async throws -> Bool {
        try await Member.withEmail(email.trimmingCharacters(in: .whitespacesAndNewlines), on: database).count() > 0
    }

    /// A member who signs in through a provider (no password), with that identity linked, in one
    /// transaction; an address the provider did not vouch for gets a verification mail.
    private func create(email: String, displayName: String, locale: AppLocale, identity: ProviderIdentity, verified: Bool) async throws -> Member {
        if try await MemberIdentity.matching(identity, on: database).count() > 0 { throw IdentityTaken() }
        if try await hasAccount(email: email) { throw EmailTaken() }
        let member = Member(email: email, passwordHash: nil, displayName: displayName, locale: locale)
        member.emailVerifiedAt = verified ? now : nil
        do {
            try await database.writeTransaction { db in
                try await member.create(on: db)
                try await MemberIdentity(memberID: try member.requireID(), identity: identity).create(on: db)
                if !verified { try await mailer.sendVerification(to: member, on: db) }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two confirmations at the same moment: the unique indexes decide which one lost.
            if try await MemberIdentity.matching(identity, on: database).count() > 0 { throw IdentityTaken() }
            throw EmailTaken()
        }
        return member
    }

    // MARK: - Field rules

    func checkEmail(_ email: String, field: String = "email", into errors: inout FormErrors) {
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            errors.add(field, "account.error.email.missing")
        } else if !EmailAddress.isValid(trimmed) {
            errors.add(field, "account.error.email.invalid")
        }
    }

    static let displayNameRule = PlainTextRule(maxCharacters: displayNameLength.upperBound)

    /// The rule of a member's name, wherever it is typed (registration, the profile).
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

    func checkDisplayName(_ name: String, into errors: inout FormErrors) {
        Self.checkDisplayName(name, into: &errors)
    }

    /// A display name as kept: trimmed and in NFC, as `checkDisplayName` accepted it.
    static func keptDisplayName(_ name: String) -> String {
        (try? displayNameRule.check(name).get()) ?? name.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func checkNewPassword(_ password: String, field: String, into errors: inout FormErrors) {
        if let problem = passwordPolicy.problem(with: password) {
            errors.add(field, problem.rawValue, ["min": "\(PasswordPolicy.minimumLength)", "max": "\(PasswordPolicy.maximumLength)"])
        }
    }

    func checkLocale(_ code: String, field: String = "locale", into errors: inout FormErrors) {
        if AppLocale(rawValue: code) == nil { errors.add(field, "account.error.locale") }
    }

    // MARK: - Members

    /// The member behind a principal (for pages and the API that show or change it).
    func member(of principal: Principal) async throws -> Member {
        guard let member = try await Member.find(principal.memberID, on: database) else { throw SignInRequired() }
        return member
    }

    /// Queues a verification mail with a new 48-hour link, at most as often as reset links.
    func resendVerification(to member: Member) async throws {
        guard member.emailVerifiedAt == nil else { return }
        try await rateLimiter.hit(.passwordResetPerEmail, key: "verify:\(member.emailKey)")
        try await database.writeTransaction { db in try await mailer.sendVerification(to: member, on: db) }
    }
}
