@testable import App
import Fluent
import SQLKit
import Foundation
import Testing
import Vapor

/// The buttons on profiles and directory cards follow the relation, for a whole page at once.
@Suite("Connections: member actions")
struct MemberActionTests {
    @Test func actionsFollowTheRelation() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let amina = try await signedIn(app, email: "amina@example.org")
            let bakary = try await signedIn(app, email: "bakary@example.org")
            let bakaryProfile = "/members/\(segment(cast.b))"
            var body = try await page(app, bakaryProfile, as: amina).body
            #expect(body.contains("\(bakaryProfile)/connect"))
            #expect(body.contains("Send connection request"))

            let requestID = try #require(try await requestConnection(app, from: cast.aminaAPI, to: cast.b).result?.requestID)
            body = try await page(app, bakaryProfile, as: amina).body
            #expect(body.contains("Request sent"))
            #expect(!body.contains("\(bakaryProfile)/connect"))
            body = try await page(app, "/members/\(segment(cast.a))", as: bakary).body
            #expect(body.contains("/connections/requests/\(segment(requestID))/accept"))

            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(requestID))/accept", cast.bakaryAPI) == .noContent)
            body = try await page(app, bakaryProfile, as: amina).body
            #expect(body.contains(">Connected<"))
            #expect(body.contains("\(bakaryProfile)/disconnect"))

            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(cast.c))", cast.aminaAPI) == .noContent)
            // Directory cards: one call for the page; a blocked member is not listed at all.
            body = try await page(app, "/members", as: amina).body
            #expect(body.contains("\(bakaryProfile)/disconnect"))
            #expect(!body.contains("Chidi Okafor"))
            // Visitors and one's own card get no actions.
            #expect(!(try await page(app, "/members", as: Browser()).body.contains("/connect\"")))
            #expect(!(try await page(app, "/members/\(segment(cast.a))", as: amina).body.contains("/block\"")))
        }
    }

    @Test func theSourceAnswersAWholePageInOneCall() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            try await requestConnection(app, from: cast.bakaryAPI, to: cast.a)
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(cast.c))", cast.aminaAPI) == .noContent)
            let stranger = UUID()
            let viewer = try cast.amina.principal(via: .apiToken(id: UUID()))
            let actions = try await ConnectionActionSource().actions(for: viewer, toward: [cast.b, cast.c, stranger], on: app.db)
            #expect(actions[cast.b]?.first?.labelKey == "connections.action.accept")
            #expect(actions[cast.c]?.map(\.labelKey) == ["connections.action.unblock"])
            #expect(actions[stranger]?.first?.labelKey == "connections.action.request")
            // Seen from the blocked side, nothing tells of the block beyond what it forbids.
            let chidi = try cast.chidi.principal(via: .apiToken(id: UUID()))
            #expect(try await ConnectionActionSource().actions(for: chidi, toward: [cast.a], on: app.db)[cast.a]?.map(\.labelKey) == ["connections.action.block"])
        }
    }

    @Test func relationsAnswerInBatches() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            try await requestConnection(app, from: cast.aminaAPI, to: cast.b)
            try await requestConnection(app, from: cast.bakaryAPI, to: cast.a)
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(cast.a))", cast.chidiAPI) == .noContent)
            #expect(try await apiStatus(app, .PUT, "/blocks/\(segment(cast.c))", cast.aminaAPI) == .noContent)
            let relations = ConnectionRelations()
            #expect(try await relations.connections(of: cast.a, among: [cast.b, cast.c], on: app.db) == [cast.b])
            #expect(try await relations.blockStates(of: cast.a, among: [cast.b, cast.c], on: app.db) == [cast.c: .both])
            #expect(try await relations.blockStates(of: cast.c, among: [cast.a], on: app.db) == [cast.a: .both])
            #expect(try await relations.connectionIDs(of: cast.b, limit: 10, on: app.db) == [cast.a])
            #expect(try await relations.isBlocked(between: cast.a, and: cast.c, on: app.db))
            #expect(try await !relations.isBlocked(between: cast.a, and: cast.b, on: app.db))
            let rows = try await (app.db as! any SQLDatabase).raw("SELECT * FROM (\(relations.blockedEitherWaySQL(cast.a))) AS ids").all()
            #expect(rows.count == 2)
        }
    }
}
