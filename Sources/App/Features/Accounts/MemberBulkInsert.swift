import Fluent
import Foundation
import SQLKit

/// Writes many members in one statement, for bulk loads (demo data, benchmarks, imports) where
/// saving models one at a time would take hours at a million. The rows are trusted: callers
/// have already made the addresses and names; the members have no password, so no one can
/// sign in as them until they set one through a reset link.
enum MemberBulkInsert {
    struct Row: Sendable {
        let id: UUID
        /// Already normalised: it is the address and its key.
        let email: String
        let displayName: String
        let locale: AppLocale
        let verifiedAt: Date
        let lastActiveAt: Date
    }

    static func insert(_ rows: [Row], on database: any Database) async throws {
        guard !rows.isEmpty else { return }
        try await (database as! any SQLDatabase).insert(into: Member.schema)
            .columns("id", "email", "email_key", "display_name", "locale", "role", "email_verified_at", "created_at", "updated_at", "last_active_at")
            .rows(rows.map { row -> [any SQLExpression] in
                [SQLBind(row.id), SQLBind(row.email), SQLBind(row.email), SQLBind(row.displayName),
                 SQLBind(row.locale.rawValue), SQLBind(Role.member.rawValue),
                 SQLBind(row.verifiedAt), SQLBind(row.lastActiveAt), SQLBind(row.lastActiveAt), SQLBind(row.lastActiveAt)]
            })
            .run()
    }

    /// Whether a member with this (normalised) address exists: a bulk load checks it to refuse
    /// loading the same rows twice.
    static func exists(email: String, on database: any Database) async throws -> Bool {
        try await Member.query(on: database).filter(\.$emailKey == email).count() > 0
    }
}
