import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The facet counts of the whole directory (no words, no filters), for each audience: counting
/// every member's values on each visit costs seconds at a million members, so they are counted
/// ahead — after seeding, and by housekeeping once they are ten minutes old — and read in one query. They can
/// lag behind profile changes by up to ten minutes; until they are first counted, the directory
/// counts a bounded sample like any search.
enum DirectoryFacetCounts {
    static let schema = "directory_facet_counts"

    /// Counts of the audience that sees `visibilities`, by kind; `nil` if never counted, or if
    /// that audience saw fewer members than `directCountingLimit` when counted: a directory that
    /// small is counted directly on each visit, exact and up to date. The counts last read are
    /// kept in `memory` and read again only when a new count has been stored.
    static func counts(for visibilities: [ProfileVisibility], on database: any Database, memory: Memory) async throws -> [ProfileTagKind: [DirectorySearch.FacetValue]]? {
        let audience = key(visibilities)
        if let recent = memory.recent(audience) { return recent.counts }
        let sql = database as! any SQLDatabase
        let marker = try await sql.raw("""
            SELECT code, member_count FROM \(ident: schema) WHERE audience = \(bind: audience) AND kind = ''
            """).first()
        guard let marker, let total = Int(try marker.decode(column: "code", as: String.self)), total >= directCountingLimit else {
            memory.keep(nil, of: audience, countedAt: nil)
            return nil
        }
        let countedAt = try marker.decode(column: "member_count", as: Int.self)
        if let kept = memory.counts(of: audience, countedAt: countedAt) {
            memory.keep(kept, of: audience, countedAt: countedAt)
            return kept
        }
        guard let rows = try await read(audience, on: sql) else { return nil }
        var counts: [ProfileTagKind: [DirectorySearch.FacetValue]] = [:]
        for (kind, code, count) in rows { counts[kind, default: []].append(.init(code: code, count: count)) }
        memory.keep(counts, of: audience, countedAt: countedAt)
        return counts
    }

    /// What was last read per audience: the counts (nil: counted directly) and when they were
    /// counted. Looked at again `recheckAfter` seconds later, so most visits cost no query (one
    /// per application).
    final class Memory: Sendable {
        typealias Counts = [ProfileTagKind: [DirectorySearch.FacetValue]]
        struct Kept: Sendable {
            let countedAt: Int?
            let counts: Counts?
            let checked: Date
        }

        let recheckAfter: TimeInterval
        private let kept = NIOLockedValueBox<[String: Kept]>([:])

        init(recheckAfter: TimeInterval = 5) {
            self.recheckAfter = recheckAfter
        }

        /// What was read less than `recheckAfter` ago.
        func recent(_ audience: String) -> Kept? {
            guard let entry = kept.withLockedValue({ $0[audience] }), Date().timeIntervalSince(entry.checked) < recheckAfter else { return nil }
            return entry
        }

        func counts(of audience: String, countedAt: Int) -> Counts? {
            kept.withLockedValue { $0[audience] }.flatMap { $0.countedAt == countedAt ? $0.counts : nil }
        }

        func keep(_ counts: Counts?, of audience: String, countedAt: Int?) {
            kept.withLockedValue { $0[audience] = Kept(countedAt: countedAt, counts: counts, checked: Date()) }
        }
    }

    /// Below this many listed members, facets are counted directly rather than read from here.
    static let directCountingLimit = DirectorySearch.facetSampleLimit
    /// Counts older than this are recounted by housekeeping.
    static let maximumAge: TimeInterval = 600
    /// Members counted per query: each query holds a connection (on SQLite, one event loop's only
    /// one) for a fraction of a second, and requests waiting for it go between two queries.
    static let membersPerQuery = 5_000

    /// Recounts when the stored counts are missing or older than `maximumAge`.
    static func refreshIfStale(on database: any Database) async throws {
        let row = try await (database as! any SQLDatabase).raw("SELECT MIN(member_count) AS counted_at FROM \(ident: schema) WHERE kind = ''").first()
        if let countedAt = try row?.decode(column: "counted_at", as: Int?.self), Date().timeIntervalSince1970 - Double(countedAt) / 1000 < maximumAge { return }
        try await refresh(on: database)
    }

    /// Recounts every audience from one pass over the members (`ProfileTally`); only replacing the
    /// few thousand stored counts takes a short write transaction.
    static func refresh(on database: any Database, membersPerQuery: Int = membersPerQuery) async throws {
        let sql = database as! any SQLDatabase
        let tally = try await ProfileTally.count(on: sql, membersPerQuery: membersPerQuery)
        // In milliseconds: two counts never share a time, so a kept copy is never mistaken for the new one.
        let now = Int(Date().timeIntervalSince1970 * 1000)
        var counted: [(audience: String, kind: String, code: String, count: Int)] = []
        for visibilities in [ProfileVisibility.listed(signedIn: false), ProfileVisibility.listed(signedIn: true)] {
            let audience = key(visibilities)
            var totals: [String: Int] = [:]
            for visibility in visibilities {
                for (key, count) in tally.tagsByVisibility[visibility] ?? [:] { totals[key, default: 0] += count }
            }
            // A marker row: how many members the audience sees, and when they were counted.
            let members = visibilities.reduce(0) { $0 + (tally.membersByVisibility[$1] ?? 0) }
            counted.append((audience, "", String(members), now))
            for (key, count) in totals.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: "\t", maxSplits: 1).map(String.init)
                counted.append((audience, parts[0], parts.count > 1 ? parts[1] : "", count))
            }
        }
        let chunks = stride(from: 0, to: counted.count, by: 500).map { Array(counted[$0..<min($0 + 500, counted.count)]) }
        try await database.writeTransaction { transaction in
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

extension Application {
    private struct FacetCountsMemoryKey: StorageKey { typealias Value = DirectoryFacetCounts.Memory }

    /// configure() sets it; without it, the whole directory's counts are read on every visit.
    var directoryFacetCounts: DirectoryFacetCounts.Memory {
        get { storage[FacetCountsMemoryKey.self] ?? DirectoryFacetCounts.Memory() }
        set { storage[FacetCountsMemoryKey.self] = newValue }
    }
}
