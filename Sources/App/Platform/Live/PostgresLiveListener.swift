import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresKit
import PostgresNIO

/// The one connection per instance that listens for `NOTIFY od_live` and wakes the named
/// member's streams here. When it drops it reconnects, waiting longer each time (up to 10 s),
/// then wakes every stream: what was published while nobody listened is in the log.
final class PostgresLiveListener: Sendable {
    private struct State {
        var task: Task<Void, Never>?
        /// How many times LISTEN has taken effect; tests wait for it to grow after a cut.
        var listens = 0
        /// The listening connection's server process, so a test can terminate it.
        var processID: Int32?
    }

    let configuration: PostgresConnection.Configuration
    let hub: LiveHub
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup
    private let state = NIOLockedValueBox(State())

    static let firstRetryDelay: Duration = .milliseconds(100)
    static let longestRetryDelay: Duration = .seconds(10)

    init(url: String, hub: LiveHub, eventLoopGroup: any EventLoopGroup, logger: Logger) throws {
        self.configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        self.hub = hub
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    var listens: Int { state.withLockedValue { $0.listens } }
    var processID: Int32? { state.withLockedValue { $0.processID } }

    func start() {
        state.withLockedValue { state in
            guard state.task == nil else { return }
            state.task = Task.detached { [self] in await self.run() }
        }
    }

    func stop() async {
        let task = state.withLockedValue { state in
            defer { state.task = nil }
            return state.task
        }
        task?.cancel()
        await task?.value
    }

    private func run() async {
        var delay = Self.firstRetryDelay
        while !Task.isCancelled {
            let listensBefore = listens
            do {
                let connection = try await PostgresConnection.connect(on: eventLoopGroup.any(), configuration: configuration, id: 0, logger: logger)
                do {
                    try await listen(on: connection)
                } catch {
                    try? await connection.close()
                    throw error
                }
                try? await connection.close()
            } catch {
                if Task.isCancelled { break }
                // A connection that did listen starts the waits over.
                if listens > listensBefore { delay = Self.firstRetryDelay }
                logger.warning("live listener lost its connection; reconnecting", metadata: ["error": "\(String(reflecting: error))", "retry_in": "\(delay)"])
            }
            state.withLockedValue { $0.processID = nil }
            if Task.isCancelled { break }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, Self.longestRetryDelay)
        }
    }

    private func listen(on connection: PostgresConnection) async throws {
        var processID: Int32?
        for try await pid in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int32.self) {
            processID = pid
        }
        try await connection.listen(on: Self.channelName) { notifications in
            state.withLockedValue { state in
                state.listens += 1
                state.processID = processID
            }
            // Listening from here on; anything published before is in the log.
            await hub.wakeAll()
            for try await notification in notifications {
                if let member = UUID(uuidString: notification.payload) {
                    await hub.wake([member])
                }
            }
        }
        // The sequence ends without error only when the task is cancelled (shutdown).
        if !Task.isCancelled { throw ListenEnded() }
    }

    private struct ListenEnded: Error {}

    static let channelName = LiveBus.channel
}
