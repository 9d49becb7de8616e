import Fluent
import SQLKit
import Foundation

/// A person with an account. Profile fields arrive with the profiles feature; this is what
/// signing in, roles and moderation need.
final class Member: Model, @unchecked Sendable {
    static let schema = "members"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    /// As the member typed it, for display and mail.
    @Field(key: "email") var email: String
    /// Lower-cased, unique: emails are unique regardless of case.
    @Field(key: "email_key") var emailKey: String
    /// Absent for members who only use social sign-in.
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Field(key: "display_name") var displayName: String
    @Field(key: "locale") var locale: String
    @Field(key: "role") var role: Role
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?
    @OptionalField(key: "suspended_at") var suspendedAt: Date?
    /// When the member last signed in or used the site (written at most hourly); the directory
    /// lists the most recently active first.
    @OptionalField(key: "last_active_at") var lastActiveAt: Date?
    /// IANA time zone (`Europe/Paris`) for what happens at a time of the member's day (the
    /// morning digest); `UTC` until the member chooses one.
    @Field(key: "time_zone") var timeZone: String

    init() {}

    init(email: String, passwordHash: String?, displayName: String, locale: AppLocale, role: Role = .member) {
        self.email = email
        self.emailKey = EmailAddress.key(email)
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.locale = locale.rawValue
        self.role = role
        self.lastActiveAt = Date()
        self.timeZone = MemberTimeZone.default
    }

    /// Members whose address is this one in any letter case (at most one: the index is unique).
    static func withEmail(_ email: String, on database: any Database) -> QueryBuilder<Member> {
        query(on: database).filter(\.$emailKey == EmailAddress.key(email))
    }

    var appLocale: AppLocale { AppLocale(rawValue: locale) ?? .en }

    /// The member's zone; a stored id this system no longer knows counts as UTC.
    var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")! }

    /// Who this member is to the rest of the platform, signed in by `credential`.
    func principal(via credential: Principal.Credential) throws -> Principal {
        Principal(
            memberID: try requireID(), displayName: displayName, role: role,
            isEmailVerified: emailVerifiedAt != nil, locale: locale, timeZone: zone, credential: credential
        )
    }
    var isSuspended: Bool { suspendedAt != nil }

    /// The one rule for whether a member may be shown to others (on their pages, in lists,
    /// through their photos): not suspended, address confirmed. `listable(_:)` is the same in SQL.
    var isListable: Bool { suspendedAt == nil && emailVerifiedAt != nil }

    /// `isListable` for the member whose id is `memberID`, as a condition other features' queries
    /// use instead of reading this table's columns: one primary-key look-up per row.
    static func listable(_ memberID: any SQLExpression) -> any SQLExpression {
        SQLQueryString("EXISTS (SELECT 1 FROM \(ident: schema) m WHERE m.id = \(memberID) AND m.suspended_at IS NULL AND m.email_verified_at IS NOT NULL)")
    }
}

/// The time zones a member may choose: the IANA identifiers this system knows.
enum MemberTimeZone {
    static let `default` = "UTC"
    static let maximumLength = 64
    static let known: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])

    static func isKnown(_ identifier: String) -> Bool {
        identifier.utf8.count <= maximumLength && known.contains(identifier) && TimeZone(identifier: identifier) != nil
    }
}
