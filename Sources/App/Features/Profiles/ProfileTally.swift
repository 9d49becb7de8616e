import Foundation
import SQLKit

/// How many listable members have each coded value and each visibility, counted in one pass over
/// the profiles a slice at a time: what the directory's counts per audience are summed from.
/// Counting is reading (SQLite writers go on meanwhile); each slice's query holds a connection
/// (on SQLite, one event loop's only one) for a fraction of a second.
struct ProfileTally: Sendable {
    /// Members per visibility, then per "kind\tcode".
    var tagsByVisibility: [ProfileVisibility: [String: Int]] = [:]
    var membersByVisibility: [ProfileVisibility: Int] = [:]

    static func count(on sql: any SQLDatabase, membersPerQuery: Int) async throws -> ProfileTally {
        var tally = ProfileTally()
        var after: UUID?
        let listable = Member.listable(SQLRaw("p.member_id"))
        repeat {
            let lower: SQLQueryString = after.map { "p.member_id > \(bind: $0)" } ?? "1 = 1"
            let boundary = try await sql.raw("""
                SELECT p.member_id AS member_id FROM \(ident: MemberProfile.schema) p WHERE \(lower)
                ORDER BY p.member_id LIMIT 1 OFFSET \(bind: membersPerQuery - 1)
                """).first().map { try $0.decode(column: "member_id", as: UUID.self) }
            let upper: SQLQueryString = boundary.map { "AND p.member_id <= \(bind: $0)" } ?? ""
            for row in try await sql.raw("""
                SELECT p.visibility AS visibility, t.kind AS kind, t.code AS code, COUNT(*) AS n
                FROM \(ident: MemberProfile.schema) p JOIN \(ident: ProfileTags.schema) t ON t.member_id = p.member_id
                WHERE \(lower) \(upper) AND \(listable)
                GROUP BY p.visibility, t.kind, t.code
                """).all() {
                guard let visibility = ProfileVisibility(rawValue: try row.decode(column: "visibility", as: String.self)) else { continue }
                let key = try row.decode(column: "kind", as: String.self) + "\t" + row.decode(column: "code", as: String.self)
                tally.tagsByVisibility[visibility, default: [:]][key, default: 0] += try row.decode(column: "n", as: Int.self)
            }
            for row in try await sql.raw("""
                SELECT p.visibility AS visibility, COUNT(*) AS n FROM \(ident: MemberProfile.schema) p
                WHERE \(lower) \(upper) AND \(listable)
                GROUP BY p.visibility
                """).all() {
                guard let visibility = ProfileVisibility(rawValue: try row.decode(column: "visibility", as: String.self)) else { continue }
                tally.membersByVisibility[visibility, default: 0] += try row.decode(column: "n", as: Int.self)
            }
            after = boundary
            await Task.yield()
        } while after != nil
        return tally
    }
}
