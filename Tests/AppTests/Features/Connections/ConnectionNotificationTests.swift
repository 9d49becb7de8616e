@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

/// What connections announce, withdraw and mark seen, through the `Notifier` interface.
@Suite("Connections: notifications")
struct ConnectionNotificationTests {
    final class RecordingNotifier: Notifier, @unchecked Sendable {
        enum Call: Equatable {
            case announce(kind: String, recipient: UUID, actor: UUID?, groupKey: String, link: String)
            case seen(kind: String, groupKey: String, member: UUID)
            case withdraw(kind: String, groupKey: String, member: UUID)
        }

        let calls = NIOLockedValueBox<[Call]>([])

        func announce(_ announcement: Announcement, on database: any Database) async throws {
            calls.withLockedValue { $0.append(.announce(kind: announcement.kind.id, recipient: announcement.recipient, actor: announcement.actor,
                                                        groupKey: announcement.groupKey, link: announcement.link)) }
        }

        func markSeen(_ kind: NotificationKind, groupKey: String, by member: UUID, on database: any Database) async throws {
            calls.withLockedValue { $0.append(.seen(kind: kind.id, groupKey: groupKey, member: member)) }
        }

        func withdraw(_ kind: NotificationKind, groupKey: String, to member: UUID, on database: any Database) async throws {
            calls.withLockedValue { $0.append(.withdraw(kind: kind.id, groupKey: groupKey, member: member)) }
        }

        func take() -> [Call] { calls.withLockedValue { let all = $0; $0 = []; return all } }
    }

    @Test func requestsAndAcceptancesAreAnnouncedAndWithdrawalsWithdrawn() async throws {
        try await withApp { app async throws in
            let notifier = RecordingNotifier()
            app.notifier = notifier
            let cast = try await ConnectionCast.make(app)
            let first = try #require(try await requestConnection(app, from: cast.aminaAPI, to: cast.b).result?.requestID)
            let key = segment(first)
            #expect(notifier.take() == [.announce(kind: "connections.request-received", recipient: cast.b, actor: cast.a, groupKey: key, link: "/connections/received")])

            #expect(try await apiStatus(app, .POST, "/connection-requests/\(key)/accept", cast.bakaryAPI) == .noContent)
            #expect(notifier.take() == [
                .seen(kind: "connections.request-received", groupKey: key, member: cast.b),
                .announce(kind: "connections.request-accepted", recipient: cast.a, actor: cast.b, groupKey: key, link: "/connections"),
            ])

            let second = try #require(try await requestConnection(app, from: cast.chidiAPI, to: cast.a).result?.requestID)
            _ = notifier.take()
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(second))/withdraw", cast.chidiAPI) == .noContent)
            #expect(notifier.take() == [.withdraw(kind: "connections.request-received", groupKey: segment(second), member: cast.a)])

            // A decline tells the sender nothing; asking again after it announces nothing either.
            let third = try #require(try await requestConnection(app, from: cast.chidiAPI, to: cast.b).result?.requestID)
            _ = notifier.take()
            #expect(try await apiStatus(app, .POST, "/connection-requests/\(segment(third))/decline", cast.bakaryAPI) == .noContent)
            #expect(notifier.take() == [.seen(kind: "connections.request-received", groupKey: segment(third), member: cast.b)])
            try await requestConnection(app, from: cast.chidiAPI, to: cast.b)
            #expect(notifier.take().isEmpty)
        }
    }
}
