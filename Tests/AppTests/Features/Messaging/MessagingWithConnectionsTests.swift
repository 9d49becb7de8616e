@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Messaging with the relations Connections really provides (the other messaging tests use an
/// in-memory stand-in): connected members write at once, others through message requests; a
/// block made through Connections hides the conversation (or the request) from the blocker,
/// leaves it read-only for the other, and stops new ones; groups take connections only.
@Suite("Messaging: with real connections and blocks")
struct MessagingWithConnectionsTests {
    static func principal(_ member: Member) -> Principal {
        Principal(memberID: member.id!, displayName: member.displayName, role: .member, isEmailVerified: true, locale: "en", credential: .apiToken(id: UUID()))
    }

    @Test func aBlockThroughConnectionsHidesTheConversationFromTheBlockerAndStopsTheOther() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            // Past their first day, when members may write to more than their connections.
            try app.manualClock.advance(by: 2 * 24 * 3600)
            let outcome = try await app.connections.request(from: Self.principal(cast.amina), to: cast.b, note: nil)
            guard case .sent(let requestID) = outcome else { Issue.record("not sent: \(outcome)"); return }
            try await app.connections.accept(requestID, by: Self.principal(cast.bakary))

            // Connected: the first message is a conversation at once, not a request.
            let started = try await apiCall(app, .POST, "/conversations", as: cast.aminaAPI, body: DirectInput(to: cast.b.uuidString, body: "Hello Bakary"))
            #expect(started.status == .created)
            let id = try #require(try started.json()["id"] as? String).lowercased()
            let bakaryList = try await apiCall(app, .GET, "/conversations", as: cast.bakaryAPI)
            #expect(try count(bakaryList, "items") == 1)
            #expect(try await apiCall(app, .GET, "/conversations/\(id)", as: cast.chidiAPI).status == .notFound)

            try await app.connections.block(cast.a, by: Self.principal(cast.bakary))

            // The blocker no longer sees it, in the list or by its address.
            #expect(try count(try await apiCall(app, .GET, "/conversations", as: cast.bakaryAPI), "items") == 0)
            #expect(try await apiCall(app, .GET, "/conversations/\(id)", as: cast.bakaryAPI).status == .notFound)
            // The other still reads it, cannot write in it, and cannot start another.
            let seen = try await apiCall(app, .GET, "/conversations/\(id)", as: cast.aminaAPI)
            #expect(seen.status == .ok)
            #expect(try seen.json()["canWrite"] as? Bool == false)
            let reply = try await apiCall(app, .POST, "/conversations/\(id)/messages", as: cast.aminaAPI, body: BodyInput(body: "Are you there?"))
            #expect((400..<500).contains(reply.status.code), "\(reply.status)")
            let again = try await apiCall(app, .POST, "/conversations", as: cast.aminaAPI, body: DirectInput(to: cast.b.uuidString, body: "Hello again"))
            #expect(again.status == .notFound)
            #expect(try await Message.query(on: app.db).count() == 1)
        }
    }

    /// Connects `from` and `to` through Connections' own request and acceptance.
    static func connect(_ app: Application, _ from: Member, _ to: Member) async throws {
        let outcome = try await app.connections.request(from: principal(from), to: to.id!, note: nil)
        guard case .sent(let requestID) = outcome else { Issue.record("not sent: \(outcome)"); return }
        try await app.connections.accept(requestID, by: principal(to))
    }

    @Test func aStrangersFirstMessageIsARequestUntilAcceptedAndABlockRemovesAPendingOne() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            try await makeProfile(app, for: cast.bakary, openToContact: true)
            try app.manualClock.advance(by: 2 * 24 * 3600)

            // Not connected: Amina's first message waits as a request.
            let asked = try await apiCall(app, .POST, "/conversations", as: cast.aminaAPI, body: DirectInput(to: cast.b.uuidString, body: "Hello, may I ask you something?"))
            #expect(asked.status == .created)
            let requestID = try #require(try asked.json()["id"] as? String).lowercased()
            #expect(try count(try await apiCall(app, .GET, "/message-requests", as: cast.bakaryAPI), "items") == 1)
            #expect(try count(try await apiCall(app, .GET, "/conversations", as: cast.bakaryAPI), "items") == 0)
            // Accepted: a conversation like any other, and the two are still not connected.
            #expect(try await apiCall(app, .POST, "/message-requests/\(requestID)/accept", as: cast.bakaryAPI).status == .noContent)
            #expect(try count(try await apiCall(app, .GET, "/conversations", as: cast.bakaryAPI), "items") == 1)
            #expect(try await app.audienceRelations.isConnection(cast.a, of: cast.b, on: app.db) == false)

            // Once connected, Chidi's first message is a conversation at once.
            try await Self.connect(app, cast.chidi, cast.bakary)
            let direct = try await apiCall(app, .POST, "/conversations", as: cast.chidiAPI, body: DirectInput(to: cast.b.uuidString, body: "Hi friend"))
            #expect(direct.status == .created)
            #expect(try count(try await apiCall(app, .GET, "/message-requests", as: cast.bakaryAPI), "items") == 0)
            #expect(try count(try await apiCall(app, .GET, "/conversations", as: cast.bakaryAPI), "items") == 2)

            // A pending request from someone the recipient then blocks is gone for the recipient.
            let dina = try await makeMember(app, email: "dina@example.org", name: "Dina Haddad")
            try await makeProfile(app, for: dina)
            let dinaAPI = try await bearer(app, for: dina)
            let pending = try await apiCall(app, .POST, "/conversations", as: dinaAPI, body: DirectInput(to: cast.b.uuidString, body: "Hello from Dina"))
            let pendingID = try #require(try pending.json()["id"] as? String).lowercased()
            #expect(try count(try await apiCall(app, .GET, "/message-requests", as: cast.bakaryAPI), "items") == 1)
            try await app.connections.block(dina.id!, by: Self.principal(cast.bakary))
            #expect(try count(try await apiCall(app, .GET, "/message-requests", as: cast.bakaryAPI), "items") == 0)
            let acceptBlocked = try await apiCall(app, .POST, "/message-requests/\(pendingID)/accept", as: cast.bakaryAPI)
            #expect(acceptBlocked.status == .notFound, "\(acceptBlocked.status) \(acceptBlocked.body.string)")
            #expect(try await apiCall(app, .POST, "/conversations/\(pendingID)/messages", as: dinaAPI, body: BodyInput(body: "Hello?")).status == .notFound)
        }
    }

    @Test func aGroupTakesTheCreatorsConnectionsOnlyAndABlockStopsAnAddition() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let dina = try await makeMember(app, email: "dina@example.org", name: "Dina Haddad")
            try await makeProfile(app, for: dina)
            try app.manualClock.advance(by: 2 * 24 * 3600)
            try await Self.connect(app, cast.amina, cast.bakary)

            // Chidi is not Amina's connection: not in her group.
            let refused = try await apiCall(app, .POST, "/conversations", as: cast.aminaAPI,
                                            body: GroupInput(title: "Farm project", participants: [cast.b.uuidString, cast.c.uuidString], body: "Welcome"))
            #expect(refused.status == .unprocessableEntity)
            #expect(try problemFields(refused) == ["participants"])

            try await Self.connect(app, cast.chidi, cast.amina)
            let created = try await apiCall(app, .POST, "/conversations", as: cast.aminaAPI,
                                            body: GroupInput(title: "Farm project", participants: [cast.b.uuidString, cast.c.uuidString], body: "Welcome"))
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"] as? String).lowercased()
            #expect(try count(created, "participants") == 2, "the others than the creator")
            #expect(try count(try await apiCall(app, .GET, "/conversations", as: cast.chidiAPI), "items") == 1)

            // Dina becomes a connection, but has blocked Amina: she cannot be added.
            try await Self.connect(app, dina, cast.amina)
            try await app.connections.block(cast.a, by: Self.principal(dina))
            let blockedAdd = try await apiCall(app, .POST, "/conversations/\(id)/participants", as: cast.aminaAPI, body: MembersInput(members: [dina.id!.uuidString]))
            #expect(blockedAdd.status == .unprocessableEntity)
            #expect(try count(try await apiCall(app, .GET, "/conversations", as: try await bearer(app, for: dina)), "items") == 0)
        }
    }
}
