@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Live bus")
struct LiveBusTests {
    struct Rollback: Error {}

    func storedEvents(_ app: Application, of member: UUID) async throws -> [LiveEventLog.Row] {
        try await LiveEventLog.events(of: member, after: 0, on: app.db)
    }

    @Test func anEventPublishedInATransactionWakesTheMemberOnlyOnceItCommits() async throws {
        try await withApp { app async throws in
            startLiveDelivery(app)
            try await waitForListener(app)
            let member = UUID()
            let recorder = SignalRecorder(try await app.liveDelivery.hub.subscribe(member))

            let wokenBeforeCommit = try await app.db.writeTransaction { db in
                try await app.livePublisher.publish(liveEvent(1), to: [member], on: db)
                // Long enough for a wake sent at publish time to arrive (the listener's, on PostgreSQL).
                try await Task.sleep(for: .milliseconds(300))
                return recorder.signals.count
            }

            #expect(wokenBeforeCommit == 0)
            #expect(await recorder.wait() == [.wake])
            #expect(try await storedEvents(app, of: member).map(\.payload) == [#"{"n":1}"#])
        }
    }

    @Test func anEventPublishedInATransactionThatRollsBackIsNeitherKeptNorAnnounced() async throws {
        try await withApp { app async throws in
            startLiveDelivery(app)
            try await waitForListener(app)
            let member = UUID()
            let recorder = SignalRecorder(try await app.liveDelivery.hub.subscribe(member))

            await #expect(throws: Rollback.self) {
                try await app.db.writeTransaction { db in
                    try await app.livePublisher.publish(liveEvent(1), to: [member], on: db)
                    throw Rollback()
                }
            }

            #expect(await recorder.wait(milliseconds: 500) == [])
            #expect(try await storedEvents(app, of: member).isEmpty)
        }
    }

    @Test func aNestedTransactionWakesAfterTheOutermostCommits() async throws {
        try await withApp { app async throws in
            startLiveDelivery(app)
            try await waitForListener(app)
            let member = UUID()
            let recorder = SignalRecorder(try await app.liveDelivery.hub.subscribe(member))

            let wokenBeforeOuterCommit = try await app.db.writeTransaction { db in
                try await db.writeTransaction { inner in
                    try await app.livePublisher.publish(liveEvent(1), to: [member], on: inner)
                }
                try await Task.sleep(for: .milliseconds(300))
                return recorder.signals.count
            }

            #expect(wokenBeforeOuterCommit == 0)
            #expect(await recorder.wait() == [.wake])
        }
    }

    @Test func publishingOutsideATransactionWakesAtOnceAndOneRowIsKeptPerRecipient() async throws {
        try await withApp { app async throws in
            startLiveDelivery(app)
            try await waitForListener(app)
            let (amina, omar, bystander) = (UUID(), UUID(), UUID())
            let aminaSignals = SignalRecorder(try await app.liveDelivery.hub.subscribe(amina))
            let bystanderSignals = SignalRecorder(try await app.liveDelivery.hub.subscribe(bystander))

            try await app.livePublisher.publish(liveEvent(7), to: [amina, omar, amina], on: app.db)

            #expect(await aminaSignals.wait() == [.wake])
            #expect(try await storedEvents(app, of: amina).map(\.kind) == ["test"])
            #expect(try await storedEvents(app, of: omar).map(\.payload) == [#"{"n":7}"#])
            #expect(await bystanderSignals.wait(milliseconds: 300) == [])
            #expect(try await storedEvents(app, of: bystander).isEmpty)
        }
    }

    @Test func aPayloadOverTheBoundOrAKindThatCouldBreakTheStreamIsAProgrammingError() async throws {
        try await withApp { app async throws in
            let member = UUID()
            let big = LiveEvent(kind: "test", payload: "\"" + String(repeating: "a", count: LiveBus.maximumPayloadBytes) + "\"")
            await #expect(throws: LiveBus.InvalidEvent.self) { try await app.livePublisher.publish(big, to: [member], on: app.db) }
            let injected = LiveEvent(kind: "test\ndata: forged", payload: "{}")
            await #expect(throws: LiveBus.InvalidEvent.self) { try await app.livePublisher.publish(injected, to: [member], on: app.db) }
            #expect(try await storedEvents(app, of: member).isEmpty)

            let largest = LiveEvent(kind: "test", payload: "\"" + String(repeating: "a", count: LiveBus.maximumPayloadBytes - 2) + "\"")
            try await app.livePublisher.publish(largest, to: [member], on: app.db)
            #expect(try await storedEvents(app, of: member).count == 1)
        }
    }

    @Test func aMembersNewestEventIsTheirOwn() async throws {
        try await withApp { app async throws in
            let (amina, omar) = (UUID(), UUID())
            #expect(try await LiveEventLog.newestID(of: amina, on: app.db) == 0)
            try await app.livePublisher.publish(liveEvent(1), to: [amina], on: app.db)
            try await app.livePublisher.publish(liveEvent(2), to: [omar], on: app.db)

            let aminas = try await storedEvents(app, of: amina)
            #expect(try await LiveEventLog.newestID(of: amina, on: app.db) == aminas.last?.id)
            #expect(try await LiveEventLog.newestID(of: omar, on: app.db) > aminas.last!.id)
        }
    }

    @Test func housekeepingRemovesEventsOlderThanADayAndRemembersWhereEachMembersLogNowStarts() async throws {
        try await withApp { app async throws in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            app.clock = clock
            let (amina, omar) = (UUID(), UUID())
            try await app.livePublisher.publish(liveEvent(1), to: [amina, omar], on: app.db)
            try await app.livePublisher.publish(liveEvent(2), to: [amina], on: app.db)
            let old = try await storedEvents(app, of: amina)
            clock.advance(by: LiveEventLog.retention + 60)
            try await app.livePublisher.publish(liveEvent(3), to: [amina], on: app.db)

            // As the server's housekeeping runs it.
            let housekeeping = try #require(PlatformFeature().housekeeping.first { $0.name == "live events" })
            try await housekeeping.run(app)

            #expect(try await storedEvents(app, of: amina).map(\.payload) == [#"{"n":3}"#])
            #expect(try await storedEvents(app, of: omar).isEmpty)
            // Resuming after the first event could miss the second; after the second, nothing was missed.
            #expect(try await LiveEventLog.isTooOld(old[0].id, of: amina, on: app.db))
            #expect(!(try await LiveEventLog.isTooOld(old[1].id, of: amina, on: app.db)))
            // A member who never had an event removed resumes from anywhere.
            #expect(!(try await LiveEventLog.isTooOld(0, of: UUID(), on: app.db)))
        }
    }
}
