import Foundation
import Vapor

/// The open event streams of this instance, by member, and the bounds on them: a publisher or
/// the PostgreSQL listener wakes a member's streams, each then reads what is new from the event
/// log. A waiting stream holds no database connection, only a place in this table.
actor LiveHub {
    /// What a stream waits for.
    enum Signal: Sendable, Equatable {
        /// Something may have been written for the member: read the log.
        case wake
        /// Time to send a comment so idle connections stay open.
        case heartbeat
        /// A newer stream of the same member took this one's place: say so and end.
        case replaced
    }

    /// The instance has as many streams as it accepts (`LIVE_MAX_STREAMS`).
    struct Full: Error {}

    /// One open stream's place.
    struct Subscription: Sendable {
        let id: Int
        let member: UUID
        let signals: AsyncStream<Signal>
        let continuation: AsyncStream<Signal>.Continuation
    }

    /// Streams one member may have open on one instance. Four, not more: over HTTP/1.1 a
    /// browser opens at most six connections to a site, and each stream keeps one; the newest
    /// tab matters most, so the oldest stream is closed when a fifth opens.
    static let maximumPerMember = 4

    let maximumPerMember: Int
    let maximumStreams: Int
    private var streams: [UUID: [Subscription]] = [:]
    private var count = 0
    private var nextID = 0
    private var isClosed = false

    init(maximumStreams: Int, maximumPerMember: Int = LiveHub.maximumPerMember) {
        self.maximumStreams = maximumStreams
        self.maximumPerMember = maximumPerMember
    }

    /// Opens a place for a stream of `member`, closing that member's oldest beyond the bound;
    /// throws `Full` when the instance has no room (or is shutting down).
    func subscribe(_ member: UUID) throws(Full) -> Subscription {
        guard !isClosed else { throw Full() }
        var own = streams[member] ?? []
        if own.count >= maximumPerMember {
            let oldest = own.removeFirst()
            count -= 1
            oldest.continuation.yield(.replaced)
            oldest.continuation.finish()
        }
        guard count < maximumStreams else {
            streams[member] = own.isEmpty ? nil : own
            throw Full()
        }
        // A few pending signals are enough: any wake makes the stream read everything new.
        let (signals, continuation) = AsyncStream.makeStream(of: Signal.self, bufferingPolicy: .bufferingNewest(4))
        nextID += 1
        let subscription = Subscription(id: nextID, member: member, signals: signals, continuation: continuation)
        own.append(subscription)
        streams[member] = own
        count += 1
        return subscription
    }

    /// Gives the place back when a stream ends (a no-op when it was already taken away).
    func unsubscribe(_ subscription: Subscription) {
        guard var own = streams[subscription.member], let index = own.firstIndex(where: { $0.id == subscription.id }) else { return }
        own.remove(at: index)
        streams[subscription.member] = own.isEmpty ? nil : own
        count -= 1
        subscription.continuation.finish()
    }

    func wake(_ members: [UUID]) {
        for member in members {
            for subscription in streams[member] ?? [] { subscription.continuation.yield(.wake) }
        }
    }

    /// Wakes every stream: after the listener reconnected, anything may have been missed.
    func wakeAll() {
        for subscription in streams.values.joined() { subscription.continuation.yield(.wake) }
    }

    /// Ends every stream and refuses new ones: the server is shutting down (the pages reconnect,
    /// to another instance or to this one restarted, and resume).
    func close() {
        isClosed = true
        for subscription in streams.values.joined() { subscription.continuation.finish() }
        streams = [:]
        count = 0
    }

    var openStreams: Int { count }

    func openStreams(of member: UUID) -> Int { streams[member]?.count ?? 0 }
}
