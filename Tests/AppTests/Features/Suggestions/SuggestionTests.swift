@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// "People you may want to meet": reasons, exclusions, the written order, the API and the page.
@Suite("Suggestions")
struct SuggestionTests {
    /// The viewer's suggestions through the API, in order.
    private func suggestions(_ app: Application, _ headers: HTTPHeaders) async throws -> [SuggestionsAPI.Item] {
        var list: SuggestionsAPIList?
        try await api(app, .GET, "/suggestions", headers: headers) { res async throws in
            #expect(res.status == .ok)
            list = try res.content.decode(SuggestionsAPIList.self)
        }
        return try #require(list).items
    }

    /// Amina: from Senegal, lives in Lyon (France), speaks Wolof, teaches, cares about health.
    private func makeViewer(_ app: Application) async throws -> (Member, HTTPHeaders) {
        let amina = try await makeMemberWithProfile(app, email: "amina@example.org", name: "Amina Diallo", origins: ["SN"], residence: "FR",
                                                    languages: ["wo"], skills: ["teaching"], interests: ["good-health-and-well-being"], city: "Lyon")
        return (amina, try await bearer(app, for: amina))
    }

    /// A member sharing nothing with Amina unless told.
    @discardableResult
    private func person(_ app: Application, _ name: String, origins: [String] = ["GH"], residence: String? = "US", languages: [String] = ["en"],
                        skills: [String] = [], interests: [String] = [], city: String = "", visibility: ProfileVisibility = .public,
                        verified: Bool = true, suspended: Bool = false) async throws -> Member {
        try await makeMemberWithProfile(app, email: "\(name.lowercased())@example.org", name: name, visibility: visibility, verified: verified,
                                        suspended: suspended, origins: origins, residence: residence, languages: languages,
                                        skills: skills, interests: interests, city: city)
    }

    @Test func eachFacetGivesItsReason() async throws {
        try await withApp { app async throws in
            let (_, headers) = try await makeViewer(app)
            try await person(app, "Bakary", origins: ["ML", "SN"])
            try await person(app, "Chidi", residence: "FR", city: " lyon ")
            try await person(app, "Dede", residence: "FR", city: "Paris")
            try await person(app, "Efua", skills: ["nursing"])
            try await person(app, "Fatou", interests: ["quality-education"])
            try await person(app, "Gora", interests: ["good-health-and-well-being"])
            try await person(app, "Hawa", languages: ["en", "wo"])
            try await person(app, "Ines")

            let items = try await suggestions(app, headers)
            let reasons = Dictionary(uniqueKeysWithValues: items.map { ($0.member.displayName, $0.reasons) })
            #expect(reasons["Bakary"] == [.init(facet: .origin, codes: ["SN"], city: nil)])
            #expect(reasons["Chidi"] == [.init(facet: .city, codes: ["FR"], city: "lyon")])
            #expect(reasons["Dede"] == [.init(facet: .residence, codes: ["FR"], city: nil)])
            #expect(reasons["Efua"] == [.init(facet: .helps, codes: ["nursing"], city: nil)])
            #expect(reasons["Fatou"] == [.init(facet: .needs, codes: ["quality-education"], city: nil)])
            #expect(reasons["Gora"] == [.init(facet: .interest, codes: ["good-health-and-well-being"], city: nil)])
            #expect(reasons["Hawa"] == [.init(facet: .language, codes: ["wo"], city: nil)])
            #expect(reasons["Ines"] == nil, "nothing in common")
            #expect(items.count == 7)
        }
    }

    @Test func excludesWhoMayNotBeSuggested() async throws {
        try await withApp { app async throws in
            let (amina, headers) = try await makeViewer(app)
            // Everyone below is from Senegal, like Amina.
            try await person(app, "Suspended", origins: ["SN"], suspended: true)
            try await person(app, "Unverified", origins: ["SN"], verified: false)
            try await person(app, "Hidden", origins: ["SN"], visibility: .connections)
            let blocked = try await person(app, "Blocked", origins: ["SN"])
            let blocker = try await person(app, "Blocker", origins: ["SN"])
            let connected = try await person(app, "Connected", origins: ["SN"])
            let asked = try await person(app, "Asked", origins: ["SN"])
            let asking = try await person(app, "Asking", origins: ["SN"])
            let decliner = try await person(app, "Decliner", origins: ["SN"])
            try await person(app, "Eligible", origins: ["SN"])
            #expect(Set(try await suggestions(app, headers).map(\.member.displayName)) == [
                "Blocked", "Blocker", "Connected", "Asked", "Asking", "Decliner", "Eligible"], "the relations change nothing yet")

            let a = try amina.requireID()
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(blocked.requireID()))", headers) == .noContent)
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(a))", try await bearer(app, for: blocker)) == .noContent)
            let connectedAPI = try await bearer(app, for: connected)
            let connectionID = try #require(try await requestConnection(app, from: connectedAPI, to: a).result?.requestID)
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(connectionID))/accept", headers) == .noContent)
            #expect(try await requestConnection(app, from: headers, to: asked.requireID()).status == .created)
            #expect(try await requestConnection(app, from: try await bearer(app, for: asking), to: a).status == .created)
            let declined = try #require(try await requestConnection(app, from: headers, to: decliner.requireID()).result?.requestID)
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(declined))/decline", try await bearer(app, for: decliner)) == .noContent)

            #expect(try await suggestions(app, headers).map(\.member.displayName) == ["Eligible"])
            // Seen from the other sides too.
            #expect(!(try await suggestions(app, try await bearer(app, for: blocked)).map(\.member.id).contains(a)))
            #expect(!(try await suggestions(app, try await bearer(app, for: blocker)).map(\.member.id).contains(a)))
            #expect(!(try await suggestions(app, try await bearer(app, for: asking)).map(\.member.id).contains(a)))
            #expect(!(try await suggestions(app, try await bearer(app, for: decliner)).map(\.member.id).contains(a)))
        }
    }

    @Test func atMostTenInTheWrittenOrder() async throws {
        try await withApp { app async throws in
            let (_, headers) = try await makeViewer(app)
            // Created oldest first: later ones are more recently active.
            for index in 0..<4 { try await person(app, "Speaker\(index)", languages: ["wo"]) }          // 1
            for index in 0..<4 { try await person(app, "Origin\(index)", origins: ["SN"]) }            // 3
            for index in 0..<3 { try await person(app, "Both\(index)", origins: ["SN"], residence: "FR") } // 3 + 2
            let items = try await suggestions(app, headers)
            #expect(items.count == SuggestionFinder.limit)
            #expect(items.map(\.member.displayName) == [
                "Both2", "Both1", "Both0", "Origin3", "Origin2", "Origin1", "Origin0", "Speaker3", "Speaker2", "Speaker1"])

            // Activity moves a member up among equals, never above more in common.
            let speaker0 = try #require(try await Member.query(on: app.db).filter(\.$displayName == "Speaker0").first())
            try await ProfileSearchDocument.memberWasActive(speaker0.requireID(), on: app.db)
            let after = try await suggestions(app, headers).map(\.member.displayName)
            #expect(after.suffix(3) == ["Speaker0", "Speaker3", "Speaker2"])
        }
    }

    @Test func theSameCityRanksAboveTheSameCountryAndCountsOnlyInTheViewersCountry() async throws {
        try await withApp { app async throws in
            let (_, headers) = try await makeViewer(app)
            // Oldest first: without the city's weight, the most recently active would lead.
            try await person(app, "Chidi", residence: "FR", city: "LYON")
            try await person(app, "Dede", residence: "FR", city: "Paris")
            try await person(app, "Eve", residence: "US", languages: ["wo"], city: "Lyon")
            let items = try await suggestions(app, headers)
            #expect(items.map(\.member.displayName) == ["Chidi", "Dede", "Eve"], "city 3, residence 2, language 1")
            let reasons = Dictionary(uniqueKeysWithValues: items.map { ($0.member.displayName, $0.reasons) })
            #expect(reasons["Chidi"] == [.init(facet: .city, codes: ["FR"], city: "LYON")])
            #expect(reasons["Eve"] == [.init(facet: .language, codes: ["wo"], city: nil)], "a Lyon in another country is not the viewer's")
        }
    }

    @Test func theRankingRuleBreaksTiesByActivityThenID() {
        let low = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
        let high = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
        func make(_ id: UUID, _ score: Int, _ position: Int64) -> Suggestion {
            Suggestion(memberID: id, reasons: [], score: score, position: position, codes: ProfileCodes())
        }
        #expect(SuggestionFinder.ranksBefore(make(high, 3, 1), make(low, 2, 9)))
        #expect(SuggestionFinder.ranksBefore(make(high, 2, 9), make(low, 2, 1)))
        #expect(SuggestionFinder.ranksBefore(make(low, 2, 5), make(high, 2, 5)))
        #expect(SuggestionFinder.comparable(" Besançon ") == SuggestionFinder.comparable("besancon"))
    }

    @Test func thePageShowsTheAPIsListWithReasonsAndActions() async throws {
        try await withApp { app async throws in
            let (_, headers) = try await makeViewer(app)
            let bakary = try await person(app, "Bakary", origins: ["SN"], languages: ["wo"])
            try await person(app, "Chidi", residence: "FR", city: "Lyon")
            try await person(app, "Ines")
            let items = try await suggestions(app, headers)
            #expect(items.map(\.member.displayName) == ["Bakary", "Chidi"])

            var browser = try await signedIn(app, email: "amina@example.org")
            let body = try await page(app, "/", as: browser).body
            #expect(body.contains("People you may want to meet"))
            let bakaryAt = try #require(body.range(of: "Bakary")?.lowerBound)
            let chidiAt = try #require(body.range(of: "Chidi")?.lowerBound)
            #expect(bakaryAt < chidiAt, "the page's order is the API's")
            #expect(body.contains("Also from Senegal"))
            #expect(body.contains("Lives in Lyon like you"))
            #expect(!body.contains("Ines"))
            #expect(body.contains("/members/\(segment(try bakary.requireID()))/connect"), "Send request is one click away")

            browser.cookies["lang"] = "fr"
            let french = try await page(app, "/", as: browser).body
            #expect(french.contains("Originaire aussi de Sénégal"))
        }
    }

    @Test func anEmptyProfileGetsAnInvitationAndVisitorsSeeNothingNew() async throws {
        try await withApp { app async throws in
            try await person(app, "Bakary", origins: ["SN"])
            let visitor = try await page(app, "/", as: Browser()).body
            #expect(!visitor.contains("suggestions-heading"))
            #expect(!visitor.contains("Bakary"))
            #expect(try await apiStatus(app, .GET, "/suggestions", [:]) == .unauthorized)

            let noProfile = try await makeMember(app, email: "new@example.org", name: "New Member")
            #expect(try await suggestions(app, try await bearer(app, for: noProfile)).isEmpty)
            let body = try await page(app, "/", as: try await signedIn(app, email: "new@example.org")).body
            #expect(body.contains("No suggestions yet"))
        }
    }
}

/// The API's list as a test decodes it.
struct SuggestionsAPIList: Decodable {
    let items: [SuggestionsAPI.Item]
}
