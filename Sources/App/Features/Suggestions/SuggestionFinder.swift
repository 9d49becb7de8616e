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
    ///
    /// Candidates are scored on their documents' keywords as stored (a look-up per keyword in a
    /// table made from the viewer's profile, no decoding); only the `limit` kept are read back
    /// into codes and worded into reasons. The score is the same as the reasons' weights: a
    /// keyword marks a facet exactly when the reason for that facet would name its code.
    func run() async throws -> [Suggestion] {
        let me = viewer.memberID
        guard let mine = try await ProfileBatch.load([me], on: database).first else { return [] }
        let codes = mine.codes
        let myCauses = Set(codes.interests)
        let causesIServe = codes.expertise.reduce(into: Set<String>()) { $0.formUnion(SectorCauses.causes(of: $1, reference: reference)) }
        let helpers = SectorCauses.skills(serving: myCauses, reference: reference)

        // What each keyword of a candidate's document has in common with the viewer.
        var shared: [Substring: FacetSet] = [:]
        func mark(_ kind: ProfileTagKind, _ values: some Sequence<String>, _ facet: SuggestionFacet) {
            for value in values { shared[Substring(ProfileSearchDocument.keyword(kind, value)), default: []].insert(facet) }
        }
        mark(.origin, codes.origins, .origin)
        mark(.residence, codes.residence.map { [$0] } ?? [], .residence)
        mark(.skill, helpers, .helps)
        mark(.interest, causesIServe, .needs)
        mark(.interest, myCauses, .interest)
        mark(.language, codes.languages, .language)

        // One walk per facet the viewer has, each a page of the index.
        var walks: [[String]] = []
        walks.append(codes.origins.map { ProfileSearchDocument.keyword(.origin, $0) })
        walks.append(codes.residence.map { [ProfileSearchDocument.keyword(.residence, $0)] } ?? [])
        walks.append(helpers.map { ProfileSearchDocument.keyword(.skill, $0) })
        walks.append(myCauses.union(causesIServe).sorted().map { ProfileSearchDocument.keyword(.interest, $0) })
        walks.append(codes.languages.map { ProfileSearchDocument.keyword(.language, $0) })

        // All walks in one statement (one trip to the database), each row with its member's city
        // when they live in the viewer's country and the viewer gave a city: cities are free text,
        // not in the index's keywords, and the same city is worth more than the same country.
        let myCity = Self.comparable(mine.city)
        let neighbourKeyword = myCity.isEmpty ? nil : codes.residence.map { ProfileSearchDocument.keyword(.residence, $0) }
        var candidates: [UUID: Candidate] = [:]
        var cities: [UUID: String] = [:]
        for row in try await walk(walks.filter { !$0.isEmpty }, citiesOf: neighbourKeyword) {
            let id = try row.decode(column: "document_id", as: UUID.self)
            guard id != me, candidates[id] == nil else { continue }
            let text = try row.decode(column: "keywords", as: String.self)
            var facets: FacetSet = []
            // Split as bytes: keywords are ASCII, and splitting by Character costs grapheme breaking.
            for keyword in text.utf8.split(separator: UInt8(ascii: " ")) {
                if let found = shared[Substring(keyword)] { facets.formUnion(found) }
            }
            guard !facets.isEmpty else { continue }
            candidates[id] = Candidate(id: id, position: try row.decode(column: "position", as: Int64.self), keywords: text, facets: facets)
            if facets.contains(.residence), let city = try row.decode(column: "city", as: String?.self), Self.comparable(city) == myCity {
                cities[id] = city
            }
        }

        // The ranking on scores alone, then the reasons of the `limit` kept.
        var ranked = candidates.values.map { candidate in
            var facets = candidate.facets
            if cities[candidate.id] != nil, facets.contains(.residence) { facets.remove(.residence); facets.insert(.city) }
            return (candidate: candidate, score: facets.weight)
        }
        ranked.sort { one, other in
            Self.ranksBefore((one.score, one.candidate.position, one.candidate.id), (other.score, other.candidate.position, other.candidate.id))
        }
        return ranked.prefix(Self.limit).map { entry in
            let theirs = ProfileSearchDocument.codes(fromKeywords: entry.candidate.keywords)
            var reasons: [SuggestionReason] = []
            func add(_ facet: SuggestionFacet, _ codes: [String], city: String? = nil) {
                if !codes.isEmpty { reasons.append(SuggestionReason(facet: facet, codes: codes, city: city)) }
            }
            add(.origin, theirs.origins.filter { codes.origins.contains($0) })
            if let residence = theirs.residence, residence == codes.residence {
                if let city = cities[entry.candidate.id] {
                    add(.city, [residence], city: city.trimmingCharacters(in: .whitespacesAndNewlines))
                } else {
                    add(.residence, [residence])
                }
            }
            add(.helps, theirs.expertise.filter { !SectorCauses.causes(of: $0, reference: reference).isDisjoint(with: myCauses) })
            add(.needs, theirs.interests.filter { causesIServe.contains($0) })
            add(.interest, theirs.interests.filter { myCauses.contains($0) })
            add(.language, theirs.languages.filter { codes.languages.contains($0) })
            return Suggestion(memberID: entry.candidate.id, reasons: reasons, score: entry.score, position: entry.candidate.position, codes: theirs)
        }
    }

    /// A member found by a walk, before ranking: their document's keywords as stored and the
    /// facets they share with the viewer.
    private struct Candidate {
        let id: UUID
        let position: Int64
        let keywords: String
        let facets: FacetSet
    }

    /// A set of facets, one bit each.
    struct FacetSet: OptionSet, Hashable {
        let rawValue: UInt8

        init(rawValue: UInt8) { self.rawValue = rawValue }

        init(_ facet: SuggestionFacet) {
            rawValue = 1 << UInt8(SuggestionFacet.allCases.firstIndex(of: facet)!)
        }

        func contains(_ facet: SuggestionFacet) -> Bool { contains(FacetSet(facet)) }
        mutating func insert(_ facet: SuggestionFacet) { formUnion(FacetSet(facet)) }
        mutating func remove(_ facet: SuggestionFacet) { subtract(FacetSet(facet)) }

        /// The sum of the facets' weights: the score.
        var weight: Int { SuggestionFacet.allCases.reduce(0) { contains($1) ? $0 + $1.weight : $0 } }
    }

    /// The written rule: more in common first (the sum of the shared facets' weights), then the
    /// most recently active, then by id, so the order is total and the same on every instance.
    static func ranksBefore(_ one: Suggestion, _ other: Suggestion) -> Bool {
        ranksBefore((one.score, one.position, one.memberID), (other.score, other.position, other.memberID))
    }

    static func ranksBefore(_ one: (score: Int, position: Int64, id: UUID), _ other: (score: Int, position: Int64, id: UUID)) -> Bool {
        if one.score != other.score { return one.score > other.score }
        if one.position != other.position { return one.position > other.position }
        return one.id.uuidString < other.id.uuidString
    }

    /// A city as compared: letters without case or accents, spaces trimmed ("Lyon " is "lyon").
    static func comparable(_ city: String) -> String {
        city.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// For each list of keywords, the `candidatesPerFacet` most recently active members holding
    /// any of them who may be suggested, in one statement (`UNION ALL` of the bounded walks). With
    /// `neighbours` (the viewer's residence keyword), rows holding it carry the member's city.
    private func walk(_ lists: [[String]], citiesOf neighbours: String?) async throws -> [any SQLRow] {
        guard !lists.isEmpty else { return [] }
        let listed = ProfileVisibility.listed(to: viewer, by: policy)
        let hidden = ProfileVisibility.allCases.filter { !listed.contains($0) }.map(ProfileSearchDocument.keyword)
        let dialect = FullTextSearch.dialect(for: sql)
        var parts: [SQLQueryString] = []
        for (number, keywords) in lists.enumerated() {
            let query = FullTextQuery(allOf: [keywords], noneOf: hidden)
            let expression = try await dialect.recent(query, in: ProfileSearchDocument.index, below: nil, limit: Self.candidatesPerFacet, filter: mayBeSuggested, on: sql)
            let walk = SQLIdentifier("walk\(number)")
            // Keywords are letters and digits, so `LIKE` finds exactly the whole keyword.
            let city: SQLQueryString = neighbours.map { (keyword: String) -> SQLQueryString in
                "CASE WHEN (' ' || \(walk).keywords || ' ') LIKE \(bind: "% \(keyword) %") THEN (SELECT p.city FROM \(ident: MemberProfile.schema) p WHERE p.member_id = \(walk).document_id) END"
            } ?? "NULL"
            parts.append("SELECT \(walk).document_id AS document_id, \(walk).position AS position, \(walk).keywords AS keywords, \(city) AS city FROM (\(expression)) AS \(walk)")
        }
        return try await sql.raw("\(SQLList(parts, separator: SQLRaw(" UNION ALL ")))").all()
    }

    private func mayBeSuggested(_ documentID: any SQLExpression) -> any SQLExpression {
        let me = viewer.memberID
        let base = SQLQueryString("(\(Member.listable(documentID)) AND \(documentID) <> \(bind: me) AND \(documentID) NOT IN (\(ConnectionQueries.connectedOrAskedSQL(me)))")
        // Without a relations provider nobody blocks anybody (see `DirectorySearch.listed`).
        guard !(policy.relations is NoAudienceRelations) else { return SQLQueryString("\(base))") }
        return SQLQueryString("\(base) AND \(documentID) NOT IN (\(policy.relations.blockedEitherWaySQL(me))))")
    }
}
