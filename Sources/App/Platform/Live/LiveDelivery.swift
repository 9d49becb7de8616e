import Foundation
import NIOConcurrencyHelpers
import Vapor

/// This instance's live delivery: the hub of open streams and, on PostgreSQL, the listener that
/// hears what other instances (and this one) publish. Made by `configure`; `serve` starts the
/// listener (`startLiveDelivery`); shutting the application down ends every stream first, so
/// the server's graceful stop does not wait for them.
final class LiveDelivery: LifecycleHandler, Sendable {
    let hub: LiveHub
    let listener: PostgresLiveListener?
    private let heartbeat: NIOLockedValueBox<Duration>
    private let recheck = NIOLockedValueBox(LiveDelivery.signInRecheckInterval)

    /// A comment on an idle stream this often keeps it under the server's 75 s idle timeout
    /// and the 60 s of common proxies, and finds closed connections.
    static let heartbeatInterval: Duration = .seconds(25)
    /// How often an open stream checks again that its sign-in holds, besides when told that
    /// the member's sign-ins ended (which covers signing out; this covers expiry by time).
    static let signInRecheckInterval: Duration = .seconds(300)
    /// What the stream tells browsers to wait before reconnecting (`retry:`), in milliseconds.
    static let reconnectMilliseconds = 3000

    init(hub: LiveHub, listener: PostgresLiveListener?) {
        self.hub = hub
        self.listener = listener
        self.heartbeat = NIOLockedValueBox(Self.heartbeatInterval)
    }

    /// Tests shorten it to see heartbeats.
    var heartbeatInterval: Duration {
        get { heartbeat.withLockedValue { $0 } }
        set { heartbeat.withLockedValue { $0 = newValue } }
    }

    /// Tests shorten it to see an expired sign-in end a stream.
    var signInRecheckInterval: Duration {
        get { recheck.withLockedValue { $0 } }
        set { recheck.withLockedValue { $0 = newValue } }
    }

    func shutdownAsync(_ application: Application) async {
        await hub.close()
        await listener?.stop()
    }

    /// The bus and hub for the configured database.
    static func make(for app: Application, configuration: AppConfiguration) throws -> LiveDelivery {
        let hub = LiveHub(maximumStreams: configuration.liveMaximumStreams)
        switch configuration.database {
        case .postgres(let url):
            return LiveDelivery(hub: hub, listener: try PostgresLiveListener(url: url, hub: hub, eventLoopGroup: app.eventLoopGroup, logger: app.logger))
        case .sqliteFile, .sqliteMemory:
            return LiveDelivery(hub: hub, listener: nil)
        }
    }
}

extension Application {
    private struct LiveDeliveryKey: StorageKey { typealias Value = LiveDelivery }

    /// Set by `configure`. Without it (a misuse) a hub that takes no stream: the event stream
    /// answers 503 instead of the process stopping.
    var liveDelivery: LiveDelivery {
        get { storage[LiveDeliveryKey.self] ?? LiveDelivery(hub: LiveHub(maximumStreams: 0), listener: nil) }
        set { storage[LiveDeliveryKey.self] = newValue }
    }

    /// Sets up the live bus for the configured database: the publisher features call and the
    /// hub streams wait on. Called by `configure`, before the features' `prepare`.
    func useLiveDelivery(_ configuration: AppConfiguration) throws {
        let delivery = try LiveDelivery.make(for: self, configuration: configuration)
        liveDelivery = delivery
        lifecycle.use(delivery)
        let usesNotify = delivery.listener != nil
        livePublisher = LiveBus(hub: delivery.hub, usesNotify: usesNotify, now: { [weak self] in (self?.clock ?? SystemClock()).now })
    }
}

/// Starts listening for other instances' events (PostgreSQL); `serve` calls it, tests that
/// stream across instances too. On SQLite there is nothing to start.
public func startLiveDelivery(_ app: Application) {
    app.liveDelivery.listener?.start()
}
