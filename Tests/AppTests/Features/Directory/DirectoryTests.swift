@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Member directory")
struct DirectoryTests {
    struct Listing: Decodable {
        struct Item: Decodable {
            let id: UUID
            let displayName: String
        }
        struct Count: Decodable, Equatable {
            let code: String
            let count: Int
        }
        struct Facets: Decodable {
            let origin: [Count]
            let residence: [Count]
            let language: [Count]
            let skill: [Count]
            let interest: [Count]
        }
        let items: [Item]
        let nextCursor: String?
        let order: String
        let facets: Facets
        let facetsSampled: Bool
    }

    func search(_ app: Application, _ query: String, headers: HTTPHeaders = [:]) async throws -> Listing {
        var listing: Listing?
        try await app.testing().test(.GET, "/api/v1/members?\(query)", headers: headers) { res async throws in
            #expect(res.status == .ok, "\(query): \(res.body.string)")
            listing = try res.content.decode(Listing.self)
        }
        return try #require(listing)
    }

    func names(_ app: Application, _ query: String, headers: HTTPHeaders = [:]) async throws -> Set<String> {
        Set(try await search(app, query, headers: headers).items.map(\.displayName))
    }

    @Test func onlyProfilesTheViewerMaySeeAreListed() async throws {
        try await withApp { app async throws in
            try await makeMemberWithProfile(app, email: "p@example.org", name: "Public Person", visibility: .public)
            try await makeMemberWithProfile(app, email: "m@example.org", name: "Members Person", visibility: .members)
            try await makeMemberWithProfile(app, email: "c@example.org", name: "Private Person", visibility: .connections)
            try await makeMemberWithProfile(app, email: "s@example.org", name: "Suspended Person", suspended: true)
            try await makeMemberWithProfile(app, email: "u@example.org", name: "Unverified Person", verified: false)
            let viewer = try await makeMember(app, email: "viewer@example.org", name: "Viewer")
            #expect(try await names(app, "") == ["Public Person"])
            #expect(try await names(app, "", headers: try await bearer(app, for: viewer)) == ["Public Person", "Members Person"])
            // The owner of a connections-only profile does not list it either.
            let owner = try await MemberProfile.query(on: app.db).filter(\.$visibility == .connections).first()
            let ownerMember = try #require(try await Member.find(owner?.id, on: app.db))
            #expect(try await names(app, "", headers: try await bearer(app, for: ownerMember)) == ["Public Person", "Members Person"])
            // The page agrees.
            try await app.testing().test(.GET, "/members") { res async throws in
                #expect(res.body.string.contains("Public Person"))
                #expect(!res.body.string.contains("Members Person"))
            }
        }
    }

    @Test func filtersNarrowAcrossAndWidenWithinWithCorrectFacetCounts() async throws {
        try await withApp { app async throws in
            try await makeMemberWithProfile(app, email: "a@example.org", name: "Awa", origins: ["SN"], residence: "FR", languages: ["fr", "wo"], skills: ["nursing"])
            try await makeMemberWithProfile(app, email: "b@example.org", name: "Bineta", origins: ["SN", "ML"], residence: "ES", languages: ["es"], skills: ["nursing", "public-health"])
            try await makeMemberWithProfile(app, email: "c@example.org", name: "Carlos", origins: ["MX"], residence: "US", languages: ["es", "en"], skills: ["software-development"])
            try await makeMemberWithProfile(app, email: "d@example.org", name: "Dado", origins: ["ML"], residence: "FR", languages: ["fr"], skills: ["public-health"])

            #expect(try await names(app, "origin=SN") == ["Awa", "Bineta"])
            #expect(try await names(app, "origin=SN&origin=MX") == ["Awa", "Bineta", "Carlos"])
            #expect(try await names(app, "origin=SN&residence=FR") == ["Awa"])
            #expect(try await names(app, "skill=public-health&language=fr") == ["Dado"])

            let all = try await search(app, "")
            #expect(all.facets.origin == [.init(code: "ML", count: 2), .init(code: "SN", count: 2), .init(code: "MX", count: 1)])
            #expect(all.facets.residence == [.init(code: "FR", count: 2), .init(code: "ES", count: 1), .init(code: "US", count: 1)])
            let narrowed = try await search(app, "residence=FR")
            #expect(narrowed.facets.skill == [.init(code: "nursing", count: 1), .init(code: "public-health", count: 1)])
            #expect(narrowed.facets.language == [.init(code: "fr", count: 2), .init(code: "wo", count: 1)])
            // A selected value is listed even when nothing matches it.
            let empty = try await search(app, "origin=BR")
            #expect(empty.items.isEmpty)
            #expect(empty.facets.origin == [.init(code: "BR", count: 0)])
        }
    }

    @Test func countingInSlicesGivesTheSameCountsAndFreshCountsAreKept() async throws {
        try await withApp { app async throws in
            for (index, origin) in ["SN", "SN", "ML", "MX", "SN"].enumerated() {
                try await makeMemberWithProfile(app, email: "m\(index)@example.org", name: "M\(index)", visibility: index == 4 ? .members : .public, origins: [origin])
            }
            try await DirectoryFacetCounts.refresh(on: app.db, membersPerQuery: 2)
            func stored(_ audience: String) async throws -> [String: Int] {
                let rows = try await (app.db as! any SQLDatabase).raw("SELECT code, member_count FROM directory_facet_counts WHERE audience = \(bind: audience) AND kind = 'origin'").all()
                return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "member_count", as: Int.self)) })
            }
            #expect(try await stored("public") == ["ML": 1, "MX": 1, "SN": 2])
            #expect(try await stored("public+members") == ["ML": 1, "MX": 1, "SN": 3])
            // Fresh counts are not recounted by housekeeping.
            try await makeMemberWithProfile(app, email: "late@example.org", name: "Late", origins: ["BR"])
            try await DirectoryFacetCounts.refreshIfStale(on: app.db)
            #expect(try await stored("public")["BR"] == nil)
        }
    }

    @Test func beforeTheFirstCountTheWholeDirectoryIsCountedDirectly() async throws {
        try await withApp { app async throws in
            try await makeMemberWithProfile(app, email: "a@example.org", name: "Awa", origins: ["SN"])
            #expect(try await search(app, "").facets.origin == [.init(code: "SN", count: 1)])
            try await makeMemberWithProfile(app, email: "c@example.org", name: "Carlos", origins: ["MX"])
            #expect(try await search(app, "").facets.origin == [.init(code: "MX", count: 1), .init(code: "SN", count: 1)])
        }
    }

    @Test func aSmallDirectoryIsCountedDirectlyEvenAfterACount() async throws {
        try await withApp { app async throws in
            try await makeMemberWithProfile(app, email: "a@example.org", name: "Awa", visibility: .public, origins: ["SN"])
            try await makeMemberWithProfile(app, email: "b@example.org", name: "Bineta", visibility: .members, origins: ["SN"])
            let viewer = try await makeMember(app, email: "viewer@example.org", name: "Viewer")
            try await DirectoryFacetCounts.refresh(on: app.db)
            #expect(try await DirectoryFacetCounts.counts(for: [.public], on: app.db, memory: .init()) == nil)
            #expect(try await search(app, "").facets.origin == [.init(code: "SN", count: 1)])
            #expect(try await search(app, "", headers: try await bearer(app, for: viewer)).facets.origin == [.init(code: "SN", count: 2)])
            try await makeMemberWithProfile(app, email: "c@example.org", name: "Carlos", origins: ["MX"])
            #expect(try await search(app, "").facets.origin == [.init(code: "MX", count: 1), .init(code: "SN", count: 1)])
        }
    }

    @Test func keptCountsAreLookedAtAgainAfterTheRecheckTime() {
        let memory = DirectoryFacetCounts.Memory(recheckAfter: 60)
        memory.keep([.origin: [.init(code: "SN", count: 3)]], of: "public", countedAt: 1)
        #expect(memory.recent("public")?.counts?[.origin]?.first?.count == 3)
        #expect(memory.recent("public+members") == nil)
        let immediate = DirectoryFacetCounts.Memory(recheckAfter: 0)
        immediate.keep(nil, of: "public", countedAt: nil)
        #expect(immediate.recent("public") == nil)
    }

    @Test func aLargeDirectorysCountsArePrecomputedAndRefreshed() async throws {
        try await withApp { app async throws in
            // The server looks for new counts every few seconds; here, on every visit.
            app.directoryFacetCounts = DirectoryFacetCounts.Memory(recheckAfter: 0)
            try await DemoSeeder(database: app.db, reference: app.referenceData).seed(members: DirectoryFacetCounts.directCountingLimit * 2, seed: 2)
            try await DirectoryFacetCounts.refresh(on: app.db)
            let counted = try #require(try await DirectoryFacetCounts.counts(for: [.public], on: app.db, memory: .init()))
            let listing = try await search(app, "")
            #expect(!listing.facetsSampled)
            #expect(try await DirectoryFacetCounts.counts(for: [.public], on: app.db, memory: app.directoryFacetCounts)?[.origin]?.contains { $0.code == "AQ" } == false)
            #expect(listing.facets.origin.map(\.code) == Array(DirectorySearch.shown(counted, selected: [:])[.origin]!.map(\.code)))
            // A new member shows in the list at once, in the counts after the next refresh.
            let late = try await makeMemberWithProfile(app, email: "late@example.org", name: "Late Arrival", origins: ["AQ"])
            #expect(try await DirectoryFacetCounts.counts(for: [.public], on: app.db, memory: .init())?[.origin]?.contains { $0.code == "AQ" } == false)
            #expect(try await search(app, "").items.first?.id == (try late.requireID()))
            try await DirectoryFacetCounts.refresh(on: app.db)
            #expect(try await DirectoryFacetCounts.counts(for: [.public], on: app.db, memory: .init())?[.origin]?.contains { $0 == .init(code: "AQ", count: 1) } == true)
            // The copy the server kept when answering above gives way to the new count at once.
            #expect(try await DirectoryFacetCounts.counts(for: [.public], on: app.db, memory: app.directoryFacetCounts)?[.origin]?.contains { $0 == .init(code: "AQ", count: 1) } == true)
        }
    }

    @Test func freeTextFindsNamesHeadlinesCitiesAndSkillsInEveryLanguage() async throws {
        try await withApp { app async throws in
            try await makeMemberWithProfile(app, email: "a@example.org", name: "Awa Ndiaye", skills: ["nursing"], headline: "Midwife", city: "Lyon")
            try await makeMemberWithProfile(app, email: "c@example.org", name: "Carlos Pérez", origins: ["MX"], residence: "US", skills: ["software-development"], city: "Houston")
            #expect(try await names(app, "q=ndiaye") == ["Awa Ndiaye"])
            #expect(try await names(app, "q=perez") == ["Carlos Pérez"])
            #expect(try await names(app, "q=midwife") == ["Awa Ndiaye"])
            #expect(try await names(app, "q=houston") == ["Carlos Pérez"])
            #expect(try await names(app, "q=soins%20infirmiers") == ["Awa Ndiaye"])
            #expect(try await names(app, "q=enfermer") == ["Awa Ndiaye"])
            #expect(try await names(app, "q=lyon&origin=MX") == [])
            #expect(try await search(app, "q=lyon").order == "relevance")
            #expect(try await search(app, "").order == "recent")
        }
    }

    @Test(arguments: [
        "\"", "\"unbalanced", "a OR b", "NEAR(a b)", "-nurse", "nurse*", "^start", "col:value", "a AND NOT b", "(((", "'; DROP TABLE members; --",
        "%00", "\\", "*", "a & b | !c", "{}[]", String(repeating: "x", count: 5000),
    ])
    func searchTextIsNeverSyntax(text: String) async throws {
        try await withApp { app async throws in
            try await makeMemberWithProfile(app, email: "a@example.org", name: "Awa Ndiaye", skills: ["nursing"])
            let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            try await app.testing().test(.GET, "/api/v1/members?q=\(encoded)") { res async throws in
                // Longer than 200 characters is refused by name; anything else is searched as words.
                #expect(res.status == (text.unicodeScalars.count > 200 ? .unprocessableEntity : .ok))
            }
            try await app.testing().test(.GET, "/members?q=\(encoded)") { res async throws in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func cursorsWalkEveryResultOnceMostRecentlyActiveFirst() async throws {
        try await withApp { app async throws in
            var members: [Member] = []
            for index in 0..<45 {
                members.append(try await makeMemberWithProfile(app, email: "m\(index)@example.org", name: "Member \(index)", skills: ["nursing"]))
            }
            // Activity after the profiles were saved, in reverse: member 0 is now the most recently active.
            for member in members.reversed() {
                try await app.memberActivity.record(member, at: Date(), on: app.db, logger: app.logger)
            }
            let expected = members.map(\.displayName)
            for text in ["", "q=nursing"] {
                var seen: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let query = [text, cursor.map { "cursor=\($0)" }].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "&")
                    let page = try await search(app, query)
                    seen += page.items.map(\.displayName)
                    cursor = page.nextCursor
                    pages += 1
                } while cursor != nil && pages < 10
                #expect(pages == 3, "\(text)")
                // Equal relevance falls back to activity, so both orders are the same here.
                #expect(seen == expected, "\(text)")
            }
        }
    }

    @Test func theAPIRefusesUnknownCodesAndBadCursorsNamingTheParameter() async throws {
        try await withApp { app async throws in
            for (query, field) in [("origin=XX", "origin"), ("skill=astrology", "skill"), ("language=zz", "language"), ("interest=x", "interest"), ("residence=F", "residence"), ("origin=sn", "origin"), ("cursor=nonsense", "cursor"), ("q=\(String(repeating: "a", count: 201))", "q")] {
                try await app.testing().test(.GET, "/api/v1/members?\(query)") { res async throws in
                    #expect(res.status == .unprocessableEntity, "\(query)")
                    #expect(try problemFields(res).first == field)
                }
            }
            // The page ignores them, so old shared links still open.
            try await app.testing().test(.GET, "/members?origin=XX&cursor=nonsense") { res async throws in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func thePageIsAFormThatWorksWithoutJavaScriptAndLinksTheNextPage() async throws {
        try await withApp { app async throws in
            for index in 0..<21 {
                try await makeMemberWithProfile(app, email: "m\(index)@example.org", name: "Member \(index)", skills: ["nursing"])
            }
            try await app.testing().test(.GET, "/members?skill=nursing&origin=SN") { res async throws in
                let body = res.body.string
                #expect(body.contains(#"<form method="get" action="/members""#))
                #expect(body.contains(#"name="skill" value="nursing" checked"#))
                #expect(body.contains("Nursing <span class=\"count\">(21)</span>"))
                #expect(body.contains(#"rel="next""#))
                #expect(body.contains("href=\"/members?origin=SN&amp;skill=nursing&amp;cursor="))
                #expect(body.contains("No one can pay for a better place."))
            }
        }
    }
}
