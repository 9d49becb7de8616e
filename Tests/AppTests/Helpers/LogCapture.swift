import Logging
import NIOConcurrencyHelpers
import Vapor

/// Collects what requests log, so a test can check that an error was logged with its request id.
final class LogCapture: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: [String: String]
    }

    private let entries = NIOLockedValueBox<[Entry]>([])

    var logged: [Entry] { entries.withLockedValue { $0 } }

    func append(_ entry: Entry) {
        entries.withLockedValue { $0.append(entry) }
    }

    /// Put first in the middleware chain: gives each request a logger writing here, keeping the request id.
    var middleware: some AsyncMiddleware { Install(capture: self) }

    private struct Install: AsyncMiddleware {
        let capture: LogCapture
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let capture = self.capture
            var logger = Logger(label: "test.request") { _ in Handler(capture: capture) }
            logger[metadataKey: "request-id"] = .string(request.id)
            request.logger = logger
            return try await next.respond(to: request)
        }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            capture.append(Entry(level: event.level, message: event.message.description, metadata: merged.mapValues { "\($0)" }))
        }
    }
}
