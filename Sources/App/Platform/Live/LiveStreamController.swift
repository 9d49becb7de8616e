import Fluent
import Foundation
import Vapor

/// `GET /api/v1/events`: the signed-in member's events as server-sent events, for as long as
/// the page stays open. Each event is `id:` (its log id), `event:` (its kind) and `data:` (its
/// JSON payload). A browser reconnecting sends `Last-Event-ID` and gets what it missed; `after`
/// does the same for other clients.
struct LiveStreamController: RouteCollection {
    static let afterKey = "after"
    static let lastEventIDHeader = "Last-Event-ID"
    /// Seconds a client refused for lack of room should wait.
    static let retryAfterSeconds = 30

    func boot(routes: any RoutesBuilder) throws {
        routes.get(PlatformURL.liveEvents.pathComponents, use: stream).readingQuery([Self.afterKey])
    }

    func stream(req: Request) async throws -> Response {
        let principal = try req.require()
        let member = principal.memberID
        let resumeAfter = try Self.resumePoint(req)
        let delivery = req.application.liveDelivery
        let subscription: LiveHub.Subscription
        do {
            // Before reading where to start: a wake from now on is not lost.
            subscription = try await delivery.hub.subscribe(member)
        } catch {
            throw Abort(.serviceUnavailable, headers: ["Retry-After": String(Self.retryAfterSeconds)], reason: "Too many live connections on this server; try again later.")
        }
        let database = req.application.db
        let start: LiveStream.Start
        do {
            if let resumeAfter, !(try await LiveEventLog.isTooOld(resumeAfter, of: member, on: database)) {
                start = .resume(after: resumeAfter)
            } else {
                start = .newest(try await LiveEventLog.newestID(of: member, on: database), reset: resumeAfter != nil)
            }
        } catch {
            await delivery.hub.unsubscribe(subscription)
            throw error
        }
        let stream = LiveStream(
            subscription: subscription, hub: delivery.hub, database: database, heartbeat: delivery.heartbeatInterval,
            signIn: principal.credential, signIns: req.application.signInCheck, recheckEvery: delivery.signInRecheckInterval, logger: req.logger)
        let response = Response(status: .ok, body: .init(asyncStream: { writer in await stream.run(start, writer: writer) }, count: -1))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "event-stream", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        // Compression would hold events back until its buffer fills; proxies (nginx) must not buffer either.
        response.headers.responseCompression = .disable
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        return response
    }

    /// The id to resume after: `Last-Event-ID` (what browsers send on reconnecting), else
    /// `after`; `nil` for a fresh start. Anything but a non-negative integer is a 422.
    static func resumePoint(_ req: Request) throws -> Int64? {
        if let header = req.headers.first(name: lastEventIDHeader) {
            guard let id = Int64(header.trimmingCharacters(in: .whitespaces)), id >= 0 else {
                throw invalid(lastEventIDHeader)
            }
            return id
        }
        guard let raw = req.url.query.flatMap({ URLComponents(string: "?" + $0)?.queryItems?.first { $0.name == afterKey }?.value }) else { return nil }
        guard let id = Int64(raw), id >= 0 else {
            throw invalid(afterKey)
        }
        return id
    }

    private static func invalid(_ field: String) -> FormErrors {
        var errors = FormErrors()
        errors.add(field, "live.error.eventID")
        return errors
    }
}

/// One open stream: sends what is new in the member's log each time it is woken, a comment
/// when idle, and ends when the client goes, a newer stream of the member replaces it, the
/// sign-in it was opened with ends, or the server shuts down.
struct LiveStream: Sendable {
    enum Start: Sendable, Equatable {
        /// Send everything after this id.
        case resume(after: Int64)
        /// Send nothing old; `reset`: the page asked for events since removed, it should reload.
        case newest(Int64, reset: Bool)
    }

    let subscription: LiveHub.Subscription
    let hub: LiveHub
    let database: any Database
    let heartbeat: Duration
    /// The session or token the stream was opened with, checked again when the member's
    /// sign-ins change and every `recheckEvery`.
    let signIn: Principal.Credential
    let signIns: any SignInCheck
    let recheckEvery: Duration
    let logger: Logger

    /// The stream's sign-in no longer holds.
    struct SignInEnded: Error {}

    func run(_ start: Start, writer: any AsyncBodyStreamWriter) async {
        let continuation = subscription.continuation
        let interval = heartbeat
        let beats = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                continuation.yield(.heartbeat)
            }
        }
        defer { beats.cancel() }
        do {
            var last: Int64
            var opening = "retry: \(LiveDelivery.reconnectMilliseconds)\n"
            switch start {
            case .resume(let after):
                last = after
                opening += "\n"
            case .newest(let newest, let reset):
                last = newest
                // An `id:` alone sets the browser's last event id without an event.
                opening += reset ? "id: \(newest)\nevent: reset\ndata: {}\n\n" : "id: \(newest)\n\n"
            }
            try await writer.writeBuffer(ByteBuffer(string: opening))
            last = try await sendNew(after: last, writer: writer)
            let clock = ContinuousClock()
            var checked = clock.now
            signals: for await signal in subscription.signals {
                switch signal {
                case .wake:
                    last = try await sendNew(after: last, writer: writer)
                case .heartbeat:
                    if clock.now - checked >= recheckEvery {
                        try await checkSignIn()
                        checked = clock.now
                    }
                    try await writer.writeBuffer(ByteBuffer(string: ": keep-alive\n\n"))
                case .replaced:
                    // The page's script stops reconnecting when it sees this.
                    try await writer.writeBuffer(ByteBuffer(string: Self.closedFrame))
                    break signals
                }
            }
            try await writer.write(.end)
        } catch is SignInEnded {
            // Signed out (or suspended): the page stops; reconnecting would only be refused.
            try? await writer.writeBuffer(ByteBuffer(string: Self.closedFrame))
            try? await writer.write(.end)
        } catch {
            // The client went away (a write failed) or the log could not be read: end the stream;
            // the browser reconnects and resumes.
            logger.debug("live stream ended", metadata: ["error": "\(String(reflecting: error))"])
            try? await writer.write(.end)
        }
        await hub.unsubscribe(subscription)
    }

    /// Tells the page to stop: another tab took the place, or the sign-in ended.
    static let closedFrame = "event: closed\ndata: {}\n\n"

    /// Sends the member's events after `id`, in batches, and returns the last id sent. A
    /// `signInsEnded` among them is not sent: the stream checks its own sign-in instead.
    private func sendNew(after id: Int64, writer: any AsyncBodyStreamWriter) async throws -> Int64 {
        var last = id
        while true {
            let rows = try await LiveEventLog.events(of: subscription.member, after: last, on: database)
            guard let newest = rows.last else { return last }
            let shown = rows.filter { $0.kind != LiveEvent.signInsEnded.kind }
            if shown.count < rows.count { try await checkSignIn() }
            if !shown.isEmpty { try await writer.writeBuffer(ByteBuffer(string: shown.map(Self.frame).joined())) }
            last = newest.id
            if rows.count < LiveEventLog.batchSize { return last }
        }
    }

    private func checkSignIn() async throws {
        guard try await signIns.isCurrent(signIn, of: subscription.member, on: database) else { throw SignInEnded() }
    }

    /// One event as the text/event-stream format writes it; a payload's line breaks become
    /// several `data:` lines, which the browser joins back.
    static func frame(_ row: LiveEventLog.Row) -> String {
        // "\r\n" is one Character in Swift: replaced first, then lone "\r" (both end a line in the format).
        let lines = row.payload.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let data = lines.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined()
        return "id: \(row.id)\nevent: \(row.kind)\n\(data)\n"
    }
}
