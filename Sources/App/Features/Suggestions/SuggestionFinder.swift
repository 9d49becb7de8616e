import Fluent
import Foundation
import SQLKit

/// What a suggested member has in common with the viewer. The weights are the ranking rule
/// written in the README ("How suggestions are chosen"): nothing else moves a member up.
enum SuggestionFacet: String, Codable, Sendable, CaseIterable {
    /// Countries of origin both have.
    case origin
    /// Same country of residence and same city.
    case city
    /// Same country of residence (another or no city).
    case residence
    /// Their expertise serves a cause the viewer cares about (an interest).
    case helps
    /// The viewer's expertise serves a cause they care about.
    case needs
    /// Causes both care about.
    case interest
    /// Languages both speak.
    case language

    var weight: Int {
        switch self {
        case .origin, .city: 3
        case .residence, .helps, .needs: 2
        case .interest, .language: 1
        }
    }
}

/// One stated reason: the facet and the codes behind it, in the suggested member's order
/// (countries, languages, skills for `helps`, topics for `needs` and `interest`).
struct SuggestionReason: Sendable, Equatable, Codable {
    let facet: SuggestionFacet
    let codes: [String]
    /// The shared city as the suggested member wrote it, for `city`.
    let city: String?
}

struct Suggestion: Sendable, Equatable {
    let memberID: UUID
    let reasons: [SuggestionReason]
    let score: Int
    /// The member's place in "most recently active" order (higher is more recent).
    let position: Int64
    let codes: ProfileCodes
}

/// Which causes (topics of interest) each sector of expertise serves: how "knows nursing" meets
/// "cares about good health". A fixed table, the same for everyone.
enum SectorCauses {
    static let topics: [String: [String]] = [
        "health": ["good-health-and-well-being"],
        "education": ["quality-education"],
        "research": ["industry-innovation-and-infrastructure"],
        "digital": ["industry-innovation-and-infrastructure"],
        "engineering": ["industry-innovation-and-infrastructure", "clean-water-and-sanitation", "sustainable-cities-and-communities"],
        "energy-environment": ["affordable-and-clean-energy", "climate-action", "life-below-water", "life-on-land"],
        "agriculture": ["zero-hunger", "life-on-land"],
        "finance": ["decent-work-and-economic-growth", "no-poverty"],
        "business": ["decent-work-and-economic-growth"],
        "trade-logistics": ["decent-work-and-economic-growth", "responsible-consumption-and-production"],
        "law-governance": ["peace-justice-and-strong-institutions"],
        "public-administration": ["peace-justice-and-strong-institutions", "partnerships-for-the-goals"],
        "humanitarian-development": ["no-poverty", "zero-hunger", "reduced-inequalities", "partnerships-for-the-goals"],
        "social-community": ["reduced-inequalities", "gender-equality", "no-poverty"],
        "culture-media": ["quality-education"],
    ]

    /// The causes a skill serves, through its sector.
    static func causes(of skill: String, reference: ReferenceData) -> Set<String> {
        guard let sector = reference.skills.entry(skill)?.group else { return [] }
        return Set(topics[sector] ?? [])
    }

    /// The skills that serve any of `causes`.
    static func skills(serving causes: Set<String>, reference: ReferenceData) -> [String] {
        reference.skills.entries.filter { entry in
            entry.group.map { !(Set(topics[$0] ?? []).isDisjoint(with: causes)) } ?? false
        }.map(\.code)
    }
}

/// Finds "people you may want to meet": a few bounded walks of the members' search index (one
/// per facet of the viewer's profile, up to `candidatesPerFacet` each, most recently active
/// first, as the directory walks it), merged and scored in memory; the top `limit` are kept.
///
/// The walks' filter leaves out, in SQL, whoever may not be suggested: the viewer, members who
/// are not listable (suspended, address unconfirmed), profiles not listed to members
/// (connections-only), members blocked either way, connections and open requests either way.
/// So the cost is the walks' (a page each), whatever the number of members.
struct SuggestionFinder {
    static let limit = 10
    static let candidatesPerFacet = 200

    let database: any Database
    let viewer: Principal
    let policy: AudiencePolicy
    let reference: ReferenceData

    private var sql: any SQLDatabase { database as! any SQLDatabase }

    /// The suggestions, best first (at most `limit`).
    func run() async throws -> [Suggestion] {
        let me = viewer.memberID
        guard let mine = try await ProfileBatch.load([me], on: database).first else { return [] }
        let codes = mine.codes
        let myCauses = Set(codes.interests)
        let causesIServe = codes.expertise.reduce(into: Set<String>()) { $0.formUnion(SectorCauses.causes(of: $1, reference: reference)) }
        let helpers = SectorCauses.skills(serving: myCauses, reference: reference)

        // One walk per facet the viewer has, each a page of the index.
        var walks: [[String]] = []
        walks.append(codes.origins.map { ProfileSearchDocument.keyword(.origin, $0) })
        walks.append(codes.residence.map { [ProfileSearchDocument.keyword(.residence, $0)] } ?? [])
        walks.append(helpers.map { ProfileSearchDocument.keyword(.skill, $0) })
        walks.append(myCauses.union(causesIServe).sorted().map { ProfileSearchDocument.keyword(.interest, $0) })
        walks.append(codes.languages.map { ProfileSearchDocument.keyword(.language, $0) })

        var candidates: [UUID: (position: Int64, codes: ProfileCodes)] = [:]
        for keywords in walks where !keywords.isEmpty {
            for row in try await walk(anyOf: keywords) {
                let id = try row.decode(column: "document_id", as: UUID.self)
                guard id != me, candidates[id] == nil else { continue }
                candidates[id] = (try row.decode(column: "position", as: Int64.self),
                                  ProfileSearchDocument.codes(fromKeywords: try row.decode(column: "keywords", as: String.self)))
            }
        }

        // Cities are free text, not in the index's keywords: read for those in the viewer's country.
        let myCity = Self.comparable(mine.city)
        var cities: [UUID: String] = [:]
        if !myCity.isEmpty, let residence = codes.residence {
            let neighbours = candidates.filter { $0.value.codes.residence == residence }.map(\.key)
            if !neighbours.isEmpty {
                let rows = try await sql.raw("SELECT member_id, city FROM \(ident: MemberProfile.schema) WHERE member_id IN (\(SQLList(neighbours.map { SQLBind($0) })))").all()
                for row in rows { cities[try row.decode(column: "member_id", as: UUID.self)] = try row.decode(column: "city", as: String.self) }
            }
        }

        let scored = candidates.compactMap { entry -> Suggestion? in
            let (id, candidate) = (entry.key, entry.value)
            let theirs = candidate.codes
            var reasons: [SuggestionReason] = []
            func add(_ facet: SuggestionFacet, _ shared: [String], city: String? = nil) {
                if !shared.isEmpty { reasons.append(SuggestionReason(facet: facet, codes: shared, city: city)) }
            }
            add(.origin, theirs.origins.filter { codes.origins.contains($0) })
            if let residence = theirs.residence, residence == codes.residence {
                if let city = cities[id], !myCity.isEmpty, Self.comparable(city) == myCity {
                    add(.city, [residence], city: city.trimmingCharacters(in: .whitespacesAndNewlines))
                } else {
                    add(.residence, [residence])
                }
            }
            add(.helps, theirs.expertise.filter { !SectorCauses.causes(of: $0, reference: reference).isDisjoint(with: myCauses) })
            add(.needs, theirs.interests.filter { causesIServe.contains($0) })
            add(.interest, theirs.interests.filter { myCauses.contains($0) })
            add(.language, theirs.languages.filter { codes.languages.contains($0) })
            guard !reasons.isEmpty else { return nil }
            return Suggestion(memberID: id, reasons: reasons, score: reasons.reduce(0) { $0 + $1.facet.weight },
                              position: candidate.position, codes: theirs)
        }
        return Array(scored.sorted(by: Self.ranksBefore).prefix(Self.limit))
    }

    /// The written rule: more in common first (the sum of the shared facets' weights), then the
    /// most recently active, then by id, so the order is total and the same on every instance.
    static func ranksBefore(_ one: Suggestion, _ other: Suggestion) -> Bool {
        if one.score != other.score { return one.score > other.score }
        if one.position != other.position { return one.position > other.position }
        return one.memberID.uuidString < other.memberID.uuidString
    }

    /// A city as compared: letters without case or accents, spaces trimmed ("Lyon " is "lyon").
    static func comparable(_ city: String) -> String {
        city.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The most recently active members holding any of `keywords` who may be suggested.
    private func walk(anyOf keywords: [String]) async throws -> [any SQLRow] {
        let listed = ProfileVisibility.listed(to: viewer, by: policy)
        let query = FullTextQuery(allOf: [keywords], noneOf: ProfileVisibility.allCases.filter { !listed.contains($0) }.map(ProfileSearchDocument.keyword))
        let dialect = FullTextSearch.dialect(for: sql)
        let expression = try await dialect.recent(query, in: ProfileSearchDocument.index, below: nil, limit: Self.candidatesPerFacet, filter: mayBeSuggested, on: sql)
        return try await sql.raw("\(expression)").all()
    }

    private func mayBeSuggested(_ documentID: any SQLExpression) -> any SQLExpression {
        let me = viewer.memberID
        let base = SQLQueryString("(\(Member.listable(documentID)) AND \(documentID) <> \(bind: me) AND \(documentID) NOT IN (\(ConnectionQueries.connectedOrAskedSQL(me)))")
        // Without a relations provider nobody blocks anybody (see `DirectorySearch.listed`).
        guard !(policy.relations is NoAudienceRelations) else { return SQLQueryString("\(base))") }
        return SQLQueryString("\(base) AND \(documentID) NOT IN (\(policy.relations.blockedEitherWaySQL(me))))")
    }
}
