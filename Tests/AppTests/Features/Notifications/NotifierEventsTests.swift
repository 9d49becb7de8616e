@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor


@Suite("Notifications: live count and who is mailed")
struct NotifierEventsTests {
    @Test func announcingAndReadingTellTheMembersPagesTheNewUnreadCount() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let live = RecordingLivePublisher()
            app.livePublisher = live
            let amina = try await makeMember(app)
            try await announce(app, kinds.request, to: amina, from: nil, group: "a")
            try await announce(app, kinds.request, to: amina, from: nil, group: "b")
            try await app.db.writeTransaction { db in try await app.notifier.markSeen(kinds.request, groupKey: "a", by: try amina.requireID(), on: db) }
            let events = live.published
            #expect(events.map(\.event.kind) == ["badge", "badge", "badge"])
            #expect(events.map(\.members) == Array(repeating: [try amina.requireID()], count: 3))
            let counts = try events.map { try JSONDecoder().decode([String: JSONValue].self, from: Data($0.event.payload.utf8)) }
            #expect(counts.map { $0["name"] } == Array(repeating: .string("notifications"), count: 3))
            #expect(counts.map { $0["count"]?.intValue } == [1, 2, 1])
        }
    }

    @Test func suspendedMembersAndUnconfirmedAddressesAreNotMailed() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let suspended = try await makeMember(app, email: "suspended@example.org", suspended: true)
            let unverified = try await makeMember(app, email: "unverified@example.org", verified: false)
            try await announce(app, kinds.message, to: suspended, from: nil)
            try await announce(app, kinds.message, to: unverified, from: nil)
            try app.manualClock.advance(by: 15 * 60 + 1)
            #expect(try await outbox(app).isEmpty)
            // Their lines stay in their lists, owing nothing.
            #expect(try await lines(app, of: unverified).map(\.mailPending) == [nil])
        }
    }
}
