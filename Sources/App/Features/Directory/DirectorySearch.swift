import Fluent
import Foundation
import SQLKit

/// Runs directory searches, showing only profiles the viewer may see: public ones to visitors,
/// public and members-only ones to members; never connections-only profiles, suspended members
/// or members whose address is unverified. Order (neutral, written in the user documentation):
/// with words to search for, by relevance (then most recent first); otherwise by most recent
/// activity. Nothing else moves a profile.
///
/// Every search is one walk of the members' search index (`ProfileSearchDocument`), which holds
/// the filters and the visibility as keywords and lists documents in activity order: the walk
/// stops after a page (or the relevance candidates), so its cost does not grow with the number
/// of members.
struct DirectorySearch {
    static let pageSize = 20
    /// Relevance is computed over at most this many matches (the most recently active): ranking
    /// every match of a common word does not scale. Facet counts of a text search cover them.
    static let candidateLimit = 200
    /// Facet values listed per filter (the selected ones are always added).
    static let facetValues = 10
    /// Facets of a search are counted over at most this many matching members (the most recently
    /// active); the whole directory's are counted ahead (`DirectoryFacetCounts`).
    static let facetSampleLimit = 200

    enum Order: String, Codable, Sendable, CaseIterable {
        case relevance, recent
    }

    struct FacetValue: Sendable, Equatable {
        let code: String
        let count: Int
    }

    struct Result: Sendable {
        let memberIDs: [UUID]
        /// The coded values of the members listed, read from the index.
        let codes: [UUID: ProfileCodes]
        let nextCursor: DirectoryCursor?
        let facets: [ProfileTagKind: [FacetValue]]
        /// More members matched than `facetSampleLimit`: the counts are over a sample of them.
        let facetsAreSampled: Bool
        let order: Order
    }

    /// One matching member as the index returns it.
    private struct Match {
        let memberID: UUID
        let position: Int64
        let keywords: String
        let score: Double
    }

    let database: any SQLDatabase
    let fluent: any Database
    let viewer: Principal?
    let policy: AudiencePolicy
    let countsMemory: DirectoryFacetCounts.Memory

    init(database: any Database, viewer: Principal?, policy: AudiencePolicy = AudiencePolicy(), countsMemory: DirectoryFacetCounts.Memory = .init()) {
        self.database = database as! any SQLDatabase
        self.fluent = database
        self.viewer = viewer
        self.policy = policy
        self.countsMemory = countsMemory
    }

    func run(_ query: DirectoryQuery) async throws -> Result {
        let search = fullTextQuery(query)
        if !search.terms.isEmpty { return try await ranked(search, query) }
        let below: Int64?
        if case .after(let position) = query.cursor { below = position } else { below = nil }
        if query.filters.isEmpty, let whole = try await DirectoryFacetCounts.counts(for: ProfileVisibility.listed(to: viewer, by: policy), on: fluent, memory: countsMemory) {
            let page = try await recent(search, below: below, limit: Self.pageSize + 1)
            return result(page: page, facets: (Self.shown(whole, selected: [:]), false))
        }
        // The first page's walk also gives the sample the facets are counted over.
        let sample = try await recent(search, below: nil, limit: max(Self.facetSampleLimit, Self.pageSize + 1))
        let page = below == nil ? Array(sample.prefix(Self.pageSize + 1)) : try await recent(search, below: below, limit: Self.pageSize + 1)
        return result(page: page, facets: facets(of: sample, selected: query.filters))
    }

    private func result(page: [Match], facets: (counts: [ProfileTagKind: [FacetValue]], sampled: Bool)) -> Result {
        Result(
            memberIDs: page.prefix(Self.pageSize).map(\.memberID), codes: Self.codes(of: page.prefix(Self.pageSize)),
            nextCursor: page.count > Self.pageSize ? .after(page[Self.pageSize - 1].position) : nil,
            facets: facets.counts, facetsAreSampled: facets.sampled, order: .recent
        )
    }

    /// Relevance: the candidates ranked by score, then most recent first.
    private func ranked(_ search: FullTextQuery, _ query: DirectoryQuery) async throws -> Result {
        let dialect = FullTextSearch.dialect(for: database)
        let candidates = try await dialect.candidates(search, in: ProfileSearchDocument.index, candidateLimit: Self.candidateLimit, filter: listed, on: database)
        let rows = try await database.raw("\(candidates)").all()
        let ranked = try rows.map { try match($0, scored: true) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.position > $1.position }
        let offset: Int
        if case .offset(let value) = query.cursor { offset = value } else { offset = 0 }
        let page = ranked.dropFirst(offset).prefix(Self.pageSize + 1)
        let next = page.count > Self.pageSize && offset + Self.pageSize < Self.candidateLimit ? DirectoryCursor.offset(offset + Self.pageSize) : nil
        return Result(
            memberIDs: page.prefix(Self.pageSize).map(\.memberID), codes: Self.codes(of: page.prefix(Self.pageSize)), nextCursor: next,
            facets: facets(of: ranked, selected: query.filters).counts,
            facetsAreSampled: ranked.count >= Self.candidateLimit, order: .relevance
        )
    }

    private func recent(_ search: FullTextQuery, below position: Int64?, limit: Int) async throws -> [Match] {
        let dialect = FullTextSearch.dialect(for: database)
        let walk = try await dialect.recent(search, in: ProfileSearchDocument.index, below: position, limit: limit, filter: listed, on: database)
        let rows = try await database.raw("\(walk)").all()
        return try rows.map { try match($0, scored: false) }
    }

    private static func codes(of matches: ArraySlice<Match>) -> [UUID: ProfileCodes] {
        Dictionary(matches.map { ($0.memberID, ProfileSearchDocument.codes(fromKeywords: $0.keywords)) }, uniquingKeysWith: { first, _ in first })
    }

    private func match(_ row: any SQLRow, scored: Bool) throws -> Match {
        Match(
            memberID: try row.decode(column: "document_id", as: UUID.self),
            position: try row.decode(column: "position", as: Int64.self),
            keywords: try row.decode(column: "keywords", as: String.self),
            score: scored ? try row.decode(column: "score", as: Double.self) : 0
        )
    }

    /// The search in the index's terms: the words, any value of each filter, and not the
    /// visibilities this viewer may not see.
    private func fullTextQuery(_ query: DirectoryQuery) -> FullTextQuery {
        let listed = ProfileVisibility.listed(to: viewer, by: policy)
        return FullTextQuery(
            text: query.text,
            allOf: ProfileTagKind.allCases.compactMap { kind in query.filters[kind].map { $0.map { ProfileSearchDocument.keyword(kind, $0) } } },
            noneOf: ProfileVisibility.allCases.filter { !listed.contains($0) }.map(ProfileSearchDocument.keyword)
        )
    }

    /// Members who may be listed at all; checked on the index's walk, one primary-key lookup per
    /// match (suspended and unverified members are few).
    /// For a signed-in viewer, members blocked either way are left out too: the blocks of one
    /// member are few, so the subquery is read once per search, not per match.
    private func listed(_ documentID: any SQLExpression) -> any SQLExpression {
        // Without a relations provider nobody blocks anybody (and its empty stand-in subquery has
        // no column type PostgreSQL could compare with a uuid).
        guard let viewer, !(policy.relations is NoAudienceRelations) else { return Member.listable(documentID) }
        return SQLQueryString("(\(Member.listable(documentID)) AND \(documentID) NOT IN (\(policy.relations.blockedEitherWaySQL(viewer.memberID))))")
    }

    /// How many of the matches have each value, read from their keywords; `sampled` when the
    /// matches are the limit's worth, not necessarily all.
    private func facets(of matches: [Match], selected: [ProfileTagKind: [String]]) -> (counts: [ProfileTagKind: [FacetValue]], sampled: Bool) {
        // Split as bytes: keywords are ASCII, and Character-wise splitting costs more than the query.
        var tally: [Substring: Int] = [:]
        for match in matches {
            for keyword in match.keywords.utf8.split(separator: UInt8(ascii: " ")) { tally[Substring(keyword), default: 0] += 1 }
        }
        var counts: [ProfileTagKind: [FacetValue]] = [:]
        for (keyword, count) in tally {
            guard let tag = ProfileSearchDocument.tag(of: keyword) else { continue }
            counts[tag.kind, default: []].append(FacetValue(code: tag.code, count: count))
        }
        return (Self.shown(counts, selected: selected), matches.count >= Self.facetSampleLimit)
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
