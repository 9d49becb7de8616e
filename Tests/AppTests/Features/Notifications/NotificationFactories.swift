@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Kinds registered by the tests (features register theirs in `prepare`; these stand in for
/// them, with existing catalog keys for their words).
struct TestKinds {
    /// Like a new message: mailed 15 minutes after, if still unread.
    let message = NotificationKind(id: "tests.message", labelKey: "notifications.delivery.immediately", textKey: "notifications.line.unknown",
                                   defaultDelivery: .immediately, mailDelay: .seconds(15 * 60))
    /// Like a connection request: in the daily digest.
    let request = NotificationKind(id: "tests.request", labelKey: "notifications.delivery.daily", textKey: "notifications.line.unknown", defaultDelivery: .daily)
    /// Mailed weekly.
    let summary = NotificationKind(id: "tests.summary", labelKey: "notifications.delivery.weekly", textKey: "notifications.line.unknown", defaultDelivery: .weekly)

    @discardableResult
    init(registeringIn app: Application) {
        app.notificationKinds.register(message)
        app.notificationKinds.register(request)
        app.notificationKinds.register(summary)
    }
}

/// Announces as a feature does: inside a transaction of its own.
func announce(_ app: Application, _ kind: NotificationKind, to recipient: Member, from actor: Member?, group: String = "g1", link: String = "/members") async throws {
    let announcement = Announcement(kind: kind, recipient: try recipient.requireID(), actor: try actor?.requireID(), groupKey: group, link: link)
    try await app.db.writeTransaction { db in try await app.notifier.announce(announcement, on: db) }
}

func lines(_ app: Application, of member: Member) async throws -> [MemberNotification] {
    try await MemberNotification.query(on: app.db).filter(\.$recipientID == member.requireID()).sort(\.$createdAt).all()
}

/// Mails sent so far to `address`, once due jobs have run.
func mails(_ app: Application, to address: String) async throws -> [Mail] {
    try await outbox(app).filter { $0.to.address == address }
}

extension Mail {
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The path of the `List-Unsubscribe` link (`/unsubscribe/…`).
    var unsubscribePath: String? {
        guard let value = header("List-Unsubscribe"), let url = URL(string: String(value.dropFirst().dropLast())) else { return nil }
        return url.path
    }
}

/// A JSON request with any encodable body.
func apiJSON<Body: Encodable>(
    _ app: Application, _ method: HTTPMethod, _ path: String, body: Body, headers: HTTPHeaders = [:],
    check: (TestingHTTPResponse) async throws -> Void
) async throws {
    try await app.testing().test(method, "/api/v1" + path, headers: headers, beforeRequest: { req async throws in
        try req.content.encode(body, as: .json)
    }, afterResponse: check)
}
