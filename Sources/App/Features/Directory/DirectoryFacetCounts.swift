import Fluent
import Foundation
import SQLKit

/// The facet counts of the whole directory (no words, no filters), for each audience: counting
/// every member's values on each visit costs seconds at a million members, so they are counted
/// ahead — after seeding, by housekeeping every ten minutes, and on first use — and read in one
/// query. They can lag behind profile changes by up to ten minutes; searches with words or
/// filters count their own matches.
enum DirectoryFacetCounts {
    static let schema = "directory_facet_counts"

    /// Counts of `audience` (the visibilities it sees), by kind; computed now if never computed.
    static func counts(for visibilities: [ProfileVisibility], on database: any Database) async throws -> [ProfileTagKind: [DirectorySearch.FacetValue]] {
        let audience = key(visibilities)
        let sql = database as! any SQLDatabase
        var rows = try await read(audience, on: sql)
        if rows == nil {
            try await refresh(on: database)
            rows = try await read(audience, on: sql)
        }
        var counts: [ProfileTagKind: [DirectorySearch.FacetValue]] = [:]
        for (kind, code, count) in rows ?? [] { counts[kind, default: []].append(.init(code: code, count: count)) }
        return counts
    }

    /// Recounts every audience in one transaction.
    static func refresh(on database: any Database) async throws {
        try await database.transaction { transaction in
            let db = transaction as! any SQLDatabase
            try await db.raw("DELETE FROM \(ident: schema)").run()
            for visibilities in [ProfileVisibility.listed(signedIn: false), ProfileVisibility.listed(signedIn: true)] {
                let listed = SQLList(visibilities.map { SQLBind($0.rawValue) })
                try await db.raw("""
                    INSERT INTO \(ident: schema) (audience, kind, code, member_count)
                    SELECT \(bind: key(visibilities)), t.kind, t.code, COUNT(*) FROM profile_tags t
                    JOIN member_profiles p ON p.member_id = t.member_id JOIN members m ON m.id = t.member_id
                    WHERE p.visibility IN (\(listed)) AND m.suspended_at IS NULL AND m.email_verified_at IS NOT NULL
                    GROUP BY t.kind, t.code
                    """).run()
                // A marker row, so "counted, and nobody is listed" differs from "never counted".
                try await db.raw("INSERT INTO \(ident: schema) (audience, kind, code, member_count) VALUES (\(bind: key(visibilities)), '', '', 0)").run()
            }
        }
    }

    private static func read(_ audience: String, on database: any SQLDatabase) async throws -> [(ProfileTagKind, String, Int)]? {
        let rows = try await database.raw("SELECT kind, code, member_count FROM \(ident: schema) WHERE audience = \(bind: audience)").all()
        guard !rows.isEmpty else { return nil }
        return try rows.compactMap { row in
            guard let kind = ProfileTagKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return (kind, try row.decode(column: "code", as: String.self), try row.decode(column: "member_count", as: Int.self))
        }
    }

    private static func key(_ visibilities: [ProfileVisibility]) -> String {
        visibilities.map(\.rawValue).joined(separator: "+")
    }
}

/// The precomputed counts' table.
struct CreateDirectoryFacetCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DirectoryFacetCounts.schema)
            .field("audience", .string, .required)
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .field("member_count", .int, .required)
            .unique(on: "audience", "kind", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DirectoryFacetCounts.schema).delete()
    }
}
