import Fluent
import Foundation
import SQLKit

/// The facet counts of the whole directory (no words, no filters), for each audience: counting
/// every member's values on each visit costs seconds at a million members, so they are counted
/// ahead — after seeding and by housekeeping every ten minutes — and read in one query. They can
/// lag behind profile changes by up to ten minutes; until they are first counted, the directory
/// counts a bounded sample like any search.
enum DirectoryFacetCounts {
    static let schema = "directory_facet_counts"

    /// Counts of the audience that sees `visibilities`, by kind, or `nil` if never counted.
    static func counts(for visibilities: [ProfileVisibility], on database: any Database) async throws -> [ProfileTagKind: [DirectorySearch.FacetValue]]? {
        guard let rows = try await read(key(visibilities), on: database as! any SQLDatabase) else { return nil }
        var counts: [ProfileTagKind: [DirectorySearch.FacetValue]] = [:]
        for (kind, code, count) in rows { counts[kind, default: []].append(.init(code: code, count: count)) }
        return counts
    }

    /// Recounts every audience. The counting is a read (SQLite lets writers go on meanwhile); only
    /// replacing the few thousand stored counts takes a short write transaction.
    static func refresh(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        var counted: [(audience: String, kind: String, code: String, count: Int)] = []
        for visibilities in [ProfileVisibility.listed(signedIn: false), ProfileVisibility.listed(signedIn: true)] {
            let listed = SQLList(visibilities.map { SQLBind($0.rawValue) })
            let rows = try await sql.raw("""
                SELECT t.kind AS kind, t.code AS code, COUNT(*) AS n FROM profile_tags t
                WHERE t.member_id IN (SELECT p.member_id FROM member_profiles p JOIN members m ON m.id = p.member_id
                  WHERE p.visibility IN (\(listed)) AND m.suspended_at IS NULL AND m.email_verified_at IS NOT NULL)
                GROUP BY t.kind, t.code
                """).all()
            let audience = key(visibilities)
            // A marker row, so "counted, and nobody is listed" differs from "never counted".
            counted.append((audience, "", "", 0))
            for row in rows {
                counted.append((audience, try row.decode(column: "kind", as: String.self), try row.decode(column: "code", as: String.self), try row.decode(column: "n", as: Int.self)))
            }
        }
        let chunks = stride(from: 0, to: counted.count, by: 500).map { Array(counted[$0..<min($0 + 500, counted.count)]) }
        try await database.transaction { transaction in
            let db = transaction as! any SQLDatabase
            try await db.raw("DELETE FROM \(ident: schema)").run()
            for chunk in chunks {
                try await db.insert(into: schema).columns("audience", "kind", "code", "member_count")
                    .rows(chunk.map { [SQLBind($0.audience), SQLBind($0.kind), SQLBind($0.code), SQLBind($0.count)] as [any SQLExpression] })
                    .run()
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
