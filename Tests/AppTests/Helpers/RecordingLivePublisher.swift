@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

/// A live bus stand-in that keeps every event it was given, with its recipients.
final class RecordingLivePublisher: LivePublisher, @unchecked Sendable {
    let events = NIOLockedValueBox<[(LiveEvent, [UUID])]>([])

    var published: [(event: LiveEvent, members: [UUID])] { events.withLockedValue { $0.map { ($0.0, $0.1) } } }

    func publish(_ event: LiveEvent, to members: [UUID], on database: any Database) async throws {
        events.withLockedValue { $0.append((event, members)) }
    }

    /// The payloads of the events of `kind` sent to `member`, as JSON objects.
    func payloads(_ kind: String, to member: UUID) -> [[String: Any]] {
        events.withLockedValue { events in
            events.filter { $0.0.kind == kind && $0.1.contains(member) }
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.0.payload.utf8)) as? [String: Any] }
        }
    }
}

/// Loads a page as a signed-in browser; returns status and body.
func page(_ app: Application, _ path: String, as browser: Browser) async throws -> (status: HTTPStatus, body: String) {
    var result: (HTTPStatus, String)?
    try await app.testing().test(.GET, path, headers: browser.headers) { res async throws in result = (res.status, res.body.string) }
    return try #require(result)
}
