@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing
import Vapor

/// A bearer token for `member`, made directly (the token routes have tests of their own).
func bearerHeaders(for member: Member, on app: Application) async throws -> [String: String] {
    let secret = APIToken.prefix + SecureToken.generate()
    try await APIToken(memberID: try member.requireID(), name: "live", tokenHash: SecureToken.digest(secret)).create(on: app.db)
    return ["Authorization": "Bearer \(secret)"]
}

/// Runs `body` with the application serving HTTP on a free local port, its live delivery started
/// as `serve` starts it; ends the live streams and stops the server afterwards (as shutting down
/// does, streams first).
func withRunningServer<T>(_ app: Application, _ body: (Int) async throws -> T) async throws -> T {
    startLiveDelivery(app)
    try await waitForListener(app)
    app.http.server.configuration.port = 0
    app.http.server.configuration.hostname = "127.0.0.1"
    try await app.server.start(address: .hostname("127.0.0.1", port: 0))
    let port = app.http.server.shared.localAddress?.port ?? 0
    do {
        let result = try await body(port)
        await app.liveDelivery.hub.close()
        await app.server.shutdown()
        return result
    } catch {
        await app.liveDelivery.hub.close()
        await app.server.shutdown()
        throw error
    }
}

/// A client reading a server-sent event stream as it arrives, over a plain HTTP/1.1 socket
/// (the test helpers' clients wait for a whole body, which a stream never ends).
final class EventStreamClient: Sendable {
    struct Event: Equatable {
        var id: String?
        var event: String?
        var data: String?
    }

    private struct State {
        var raw: [UInt8] = []
        var ended = false
    }

    private let state = NIOLockedValueBox(State())
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Opens `path` with these headers (`Accept-Encoding: gzip` always, to show it is not used).
    static func open(port: Int, path: String = "/api/v1/events", headers: [String: String]) async throws -> EventStreamClient {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in channel.pipeline.addHandler(collector) }
            .connect(host: "127.0.0.1", port: port).get()
        let client = EventStreamClient(channel: channel)
        collector.client.withLockedValue { $0 = client }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAccept-Encoding: gzip, deflate\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        try await channel.writeAndFlush(ByteBuffer(string: request))
        return client
    }

    func close() async {
        try? await channel.close()
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let client = NIOLockedValueBox<EventStreamClient?>(nil)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            client.withLockedValue { $0 }?.state.withLockedValue { $0.raw += buffer.readableBytesView }
        }

        func channelInactive(context: ChannelHandlerContext) {
            client.withLockedValue { $0 }?.state.withLockedValue { $0.ended = true }
        }
    }

    /// The status line and headers, once they have arrived.
    var head: String? {
        let text = String(decoding: state.withLockedValue { $0.raw }, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { return nil }
        return String(text[..<end.lowerBound])
    }

    var status: Int? {
        head.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) }
    }

    func header(_ name: String) -> String? {
        head?.split(separator: "\r\n").dropFirst().first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { String($0.split(separator: ":", maxSplits: 1)[1]).trimmingCharacters(in: .whitespaces) }
    }

    /// The body so far, chunked transfer coding removed; `complete` once the last chunk came.
    var body: (text: String, complete: Bool) {
        let raw = state.withLockedValue { $0.raw }
        guard let start = raw.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound else { return ("", false) }
        var index = start
        var text: [UInt8] = []
        while let lineEnd = raw[index...].firstRange(of: Array("\r\n".utf8)) {
            let size = Int(String(decoding: raw[index..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { return (String(decoding: text, as: UTF8.self), true) }
            let chunkStart = lineEnd.upperBound
            guard raw.count >= chunkStart + size + 2 else { break }
            text += raw[chunkStart..<chunkStart + size]
            index = chunkStart + size + 2
        }
        return (String(decoding: text, as: UTF8.self), false)
    }

    /// Whether the server ended the response (last chunk) or closed the connection.
    var isEnded: Bool { body.complete || state.withLockedValue { $0.ended } }

    /// The events so far, comments and `retry:` left out; an `id:` alone is an event without data.
    var events: [Event] {
        body.text.components(separatedBy: "\n\n").dropLast().compactMap { block -> Event? in
            var event = Event()
            var data: [String] = []
            for line in block.split(separator: "\n") where !line.hasPrefix(":") {
                let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
                let value = parts.count > 1 ? String(parts[1].drop { $0 == " " }) : ""
                switch parts[0] {
                case "id": event.id = value
                case "event": event.event = value
                case "data": data.append(value)
                default: break
                }
            }
            event.data = data.isEmpty ? nil : data.joined(separator: "\n")
            return event.id == nil && event.event == nil && event.data == nil ? nil : event
        }
    }

    /// The events that carry data, as a browser would dispatch them.
    var dispatched: [Event] { events.filter { $0.data != nil } }

    /// Waits until `condition` holds, up to `seconds`; false when it never did.
    @discardableResult
    /// Generous by default: the whole suite runs in parallel on two cores, and a first answer
    /// has been seen to take over 5 seconds there. Only waits expected to succeed use it.
    func wait(seconds: Double = 20, until condition: (EventStreamClient) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }
}

/// Records what a hub subscription receives (heartbeats aside), so a test can look more than
/// once: an AsyncStream whose reader is cancelled ends.
final class SignalRecorder: Sendable {
    private let received = NIOLockedValueBox<[LiveHub.Signal]>([])
    private let task: Task<Void, Never>

    init(_ subscription: LiveHub.Subscription) {
        let received = received
        task = Task {
            for await signal in subscription.signals where signal != .heartbeat {
                received.withLockedValue { $0.append(signal) }
            }
        }
    }

    var signals: [LiveHub.Signal] { received.withLockedValue { $0 } }

    /// Waits up to `milliseconds` for at least `count` signals; returns what came.
    func wait(for count: Int = 1, milliseconds: Int = 5000) async -> [LiveHub.Signal] {
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        while signals.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return signals
    }

    deinit { task.cancel() }
}

/// Waits for the PostgreSQL listener to be listening (its `listens` count above `count`).
func waitForListener(_ app: Application, above count: Int = 0, seconds: Double = 10) async throws {
    guard let listener = app.liveDelivery.listener else { return }
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while listener.listens <= count {
        guard ContinuousClock.now < deadline else {
            Issue.record("the live listener did not listen within \(seconds) s")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// An event with a small JSON payload.
func liveEvent(_ number: Int, kind: String = "test") -> LiveEvent {
    LiveEvent(kind: kind, payload: #"{"n":\#(number)}"#)
}
