import Fluent
import Foundation
import SQLKit

/// Runs directory searches, showing only profiles the viewer may see: public ones to visitors,
/// public and members-only ones to members; never connections-only profiles, suspended members
/// or members whose address is unverified. Order (neutral, written in the user documentation):
/// with words to search for, by relevance (then most recent first); otherwise by most recent
/// activity. Nothing else moves a profile.
struct DirectorySearch {
    static let pageSize = 20
    /// Relevance is computed over at most this many matches (the most recently indexed): ranking
    /// every match of a common word does not scale. Facet counts of a text search cover them.
    static let candidateLimit = 1000
    /// Facet values listed per filter (the selected ones are always added).
    static let facetValues = 10
    /// Facets are counted over at most this many matching members.
    static let facetSampleLimit = 2000

    enum Order: String, Codable, Sendable {
        case relevance, recent
    }

    struct FacetValue: Sendable, Equatable {
        let code: String
        let count: Int
    }

    struct Result: Sendable {
        let memberIDs: [UUID]
        let nextCursor: DirectoryCursor?
        let facets: [ProfileTagKind: [FacetValue]]
        /// More members matched than `facetSampleLimit`: the counts are over a sample of them.
        let facetsAreSampled: Bool
        let order: Order
    }

    let database: any SQLDatabase
    let fluent: any Database
    let viewer: Principal?

    init(database: any Database, viewer: Principal?) {
        self.database = database as! any SQLDatabase
        self.fluent = database
        self.viewer = viewer
    }

    func run(_ query: DirectoryQuery) async throws -> Result {
        let candidates = FullTextSearch.candidates(query.text, in: ProfileSearchDocument.index, candidateLimit: Self.candidateLimit, on: database) { documentID in
            SQLQueryString("EXISTS (SELECT 1 FROM member_profiles p JOIN members m ON m.id = p.member_id WHERE p.member_id = \(documentID) AND \(conditions(query)))")
        }
        let ids: [UUID]
        let next: DirectoryCursor?
        let members: SQLQueryString
        if let candidates {
            let offset: Int
            if case .offset(let value) = query.cursor { offset = value } else { offset = 0 }
            let rows = try await database.raw("""
                SELECT hits.document_id AS member_id FROM (\(candidates)) AS hits
                ORDER BY hits.score DESC, hits.position DESC LIMIT \(bind: Self.pageSize + 1) OFFSET \(bind: offset)
                """).all()
            ids = try rows.map { try $0.decode(column: "member_id", as: UUID.self) }
            next = ids.count > Self.pageSize && offset + Self.pageSize < Self.candidateLimit ? .offset(offset + Self.pageSize) : nil
            members = "SELECT hits.document_id AS member_id FROM (\(candidates)) AS hits"
        } else {
            var after = SQLQueryString("")
            var cursorTable = SQLQueryString("")
            if case .after(let id) = query.cursor {
                cursorTable = ", (SELECT last_active_at, id FROM members WHERE id = \(bind: id)) AS s"
                after = "AND (m.last_active_at < s.last_active_at OR (m.last_active_at = s.last_active_at AND m.id < s.id))"
            }
            // CROSS JOIN fixes the join order on SQLite (PostgreSQL plans it freely): from the
            // members of the rarest filter when one is rare enough, else along the activity index.
            let from: SQLQueryString
            if let rare = try await rarestFilter(query) {
                from = "(SELECT DISTINCT member_id FROM profile_tags WHERE kind = \(bind: rare.kind.rawValue) AND code IN (\(SQLList(rare.codes.map { SQLBind($0) })))) AS f CROSS JOIN members m CROSS JOIN member_profiles p\(cursorTable) WHERE m.id = f.member_id AND"
            } else {
                from = "members m CROSS JOIN member_profiles p\(cursorTable) WHERE"
            }
            let rows = try await database.raw("""
                SELECT p.member_id AS member_id FROM \(from) p.member_id = m.id AND \(conditions(query)) \(after)
                ORDER BY m.last_active_at DESC, m.id DESC LIMIT \(bind: Self.pageSize + 1)
                """).all()
            ids = try rows.map { try $0.decode(column: "member_id", as: UUID.self) }
            next = ids.count > Self.pageSize ? .after(ids[Self.pageSize - 1]) : nil
            members = "SELECT p.member_id AS member_id FROM member_profiles p JOIN members m ON m.id = p.member_id WHERE \(conditions(query))"
        }
        var facets: (counts: [ProfileTagKind: [FacetValue]], sampled: Bool)
        if candidates == nil, query.filters.isEmpty, let whole = try await DirectoryFacetCounts.counts(for: ProfileVisibility.listed(to: viewer), on: fluent) {
            facets = (Self.shown(whole, selected: [:]), false)
        } else {
            facets = try await self.facets(of: members, selected: query.filters)
        }
        return Result(
            memberIDs: Array(ids.prefix(Self.pageSize)), nextCursor: next,
            facets: facets.counts, facetsAreSampled: facets.sampled,
            order: candidates == nil ? .recent : .relevance
        )
    }

    /// Below this many members, a filter's own list is read and sorted rather than walking every
    /// member in activity order until enough match.
    static let rareFilterLimit = 20_000

    /// The filter with the fewest members (counted on the tag index), if it has few enough.
    private func rarestFilter(_ query: DirectoryQuery) async throws -> (kind: ProfileTagKind, codes: [String])? {
        var best: (kind: ProfileTagKind, codes: [String], count: Int)?
        for kind in ProfileTagKind.allCases {
            guard let codes = query.filters[kind], !codes.isEmpty else { continue }
            let row = try await database.raw("""
                SELECT COUNT(*) AS n FROM profile_tags WHERE kind = \(bind: kind.rawValue) AND code IN (\(SQLList(codes.map { SQLBind($0) })))
                """).first()
            let count = try row?.decode(column: "n", as: Int.self) ?? 0
            if count < (best?.count ?? Self.rareFilterLimit) { best = (kind, codes, count) }
        }
        return best.map { ($0.kind, $0.codes) }
    }

    /// Who may appear, and the filters: any value of one filter, all filters.
    private func conditions(_ query: DirectoryQuery) -> SQLQueryString {
        let visibilities = SQLList(ProfileVisibility.listed(to: viewer).map { SQLBind($0.rawValue) })
        var sql: SQLQueryString = "p.visibility IN (\(visibilities)) AND m.suspended_at IS NULL AND m.email_verified_at IS NOT NULL"
        for kind in ProfileTagKind.allCases {
            guard let codes = query.filters[kind], !codes.isEmpty else { continue }
            sql = "\(sql) AND EXISTS (SELECT 1 FROM profile_tags t WHERE t.member_id = p.member_id AND t.kind = \(bind: kind.rawValue) AND t.code IN (\(SQLList(codes.map { SQLBind($0) }))))"
        }
        return sql
    }

    /// How many of the matching members have each value, the largest counts first; counted over
    /// at most `facetSampleLimit` of them, so the cost is bounded whatever matches
    /// (`Result.facetsAreSampled` says when the limit was reached).
    private func facets(of members: SQLQueryString, selected: [ProfileTagKind: [String]]) async throws -> (counts: [ProfileTagKind: [FacetValue]], sampled: Bool) {
        let rows = try await database.raw("""
            WITH sample AS (\(members) LIMIT \(bind: Self.facetSampleLimit))
            SELECT t.kind AS kind, t.code AS code, COUNT(*) AS n FROM profile_tags t
            WHERE t.member_id IN (SELECT member_id FROM sample)
            GROUP BY t.kind, t.code
            UNION ALL SELECT '', '', COUNT(*) FROM sample
            """).all()
        var counts: [ProfileTagKind: [FacetValue]] = [:]
        var sampled = false
        for row in rows {
            let kindName = try row.decode(column: "kind", as: String.self)
            if kindName.isEmpty { sampled = try row.decode(column: "n", as: Int.self) >= Self.facetSampleLimit }
            guard let kind = ProfileTagKind(rawValue: kindName) else { continue }
            counts[kind, default: []].append(FacetValue(code: try row.decode(column: "code", as: String.self), count: try row.decode(column: "n", as: Int.self)))
        }
        return (Self.shown(counts, selected: selected), sampled)
    }

    /// The values listed per filter: the largest counts, then any selected value not among them.
    static func shown(_ counts: [ProfileTagKind: [FacetValue]], selected: [ProfileTagKind: [String]]) -> [ProfileTagKind: [FacetValue]] {
        var facets: [ProfileTagKind: [FacetValue]] = [:]
        for kind in ProfileTagKind.allCases {
            let all = (counts[kind] ?? []).sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
            var shown = Array(all.prefix(Self.facetValues))
            for code in selected[kind] ?? [] where !shown.contains(where: { $0.code == code }) {
                shown.append(all.first { $0.code == code } ?? FacetValue(code: code, count: 0))
            }
            facets[kind] = shown
        }
        return facets
    }
}
