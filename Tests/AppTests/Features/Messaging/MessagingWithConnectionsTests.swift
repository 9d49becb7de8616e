@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Messaging with the relations Connections really provides (the other messaging tests use an
/// in-memory stand-in): connected members write at once, and a block made through Connections
/// hides the conversation from the blocker, leaves it read-only for the other, and stops new ones.
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
}
