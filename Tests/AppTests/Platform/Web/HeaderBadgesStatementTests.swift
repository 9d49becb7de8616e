@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// The header's counts are on every signed-in page: they are read together, in one statement,
/// not a query each.
@Suite("Header badges in one statement")
struct HeaderBadgesStatementTests {
    @Test func everyBadgeOfAPageIsReadInOneStatementWithTheRightCounts() async throws {
        try await withApp { app async throws in
            let cast = try await ConnectionCast.make(app)
            let outcome = try await app.connections.request(from: try cast.bakary.principal(via: .apiToken(id: UUID())), to: cast.a, note: nil)
            guard case .sent = outcome else { Issue.record("not sent: \(outcome)"); return }
            let browser = try await signedIn(app, email: cast.amina.email)
            let logs = LogCapture()
            app.middleware.use(logs.middleware, at: .beginning)

            let shown = try await page(app, "/account", as: browser)

            #expect(shown.status == .ok)
            for (badge, count) in [("connections", 1), ("notifications", 1), ("messages", 0)] {
                #expect(shown.body.contains(#"data-badge="\#(badge)""#), "\(badge)")
                #expect(shown.body.range(of: #"data-badge="\#(badge)"[^>]*>[^<]*<span class="count" data-count="\#(count)""#, options: .regularExpression) != nil, "\(badge): \(count)")
            }
            let statements = logs.logged.map { $0.message + " " + $0.metadata.values.joined(separator: " ") }.filter { $0.contains("SELECT") }
            let touching = statements.filter { $0.contains("conversation_participants") || $0.contains("connection_requests") || $0.contains("\"notifications\"") }
            #expect(touching.count == 1, "\(touching)")
            #expect(touching.first.map { $0.contains("conversation_participants") && $0.contains("connection_requests") && $0.contains("notifications") } == true)
        }
    }

    @Test func aBlockedMembersUnreadConversationIsNotCountedAsTheBatchRuleSays() async throws {
        try await withMessaging { world in
            let app = world.app
            let amina = try await world.member("Amina Diallo")
            let others = [try await world.member("Person One"), try await world.member("Person Two")]
            for other in others {
                world.relations.connect(amina, other)
                _ = try await startConversation(world, from: other, to: amina, body: "Hello")
            }
            #expect(try await ConversationQueries.unreadCount(of: amina.id!, relations: world.relations, on: app.db) == 2)
            world.relations.block(amina, others[0])
            let single = try await ConversationQueries.unreadCount(of: amina.id!, relations: world.relations, on: app.db)
            let batch = try await ConversationQueries.unreadCounts(of: [amina.id!], relations: world.relations, on: app.db)[amina.id!]
            #expect(single == 1 && batch == 1)
        }
    }
}
