@testable import App
import Foundation
import Testing

/// The small pieces: cursors that cannot be forged into a query, the text rule, the kinds' keys.
@Suite("Messaging: cursors, text and keys")
struct MessagingUnitTests {
    @Test func cursorsRoundTripAndRefuseAnythingElse() {
        let cursor = MessagingCursor(micros: 1_765_000_000_123_456, id: UUID())
        #expect(MessagingCursor(encoded: cursor.encoded) == cursor)
        #expect(cursor.encoded.utf8.count <= 64)
        for bogus in ["", "x", "abc.def", "zzzzzzzzzzzzzz.0123456789abcdef0123456789abcdef", "-1.0123456789abcdef0123456789abcdef",
                      "1.0123456789ABCDEF0123456789ABCDEF", "1.0123456789abcdef0123456789abcdeg", "1.2.3"] {
            #expect(MessagingCursor(plainText: bogus) == nil, "\(bogus)")
        }
    }

    @Test func theTextRuleKeepsLineBreaksAndTabsAndRefusesHiddenCharacters() throws {
        #expect(try MessageText.check("  a\tb\r\nc  ") == "a\tb\nc")
        #expect(throws: FormErrors.self) { try MessageText.check("a\u{202D}b") }
        #expect(throws: FormErrors.self) { try MessageText.check("a\u{0}b") }
        #expect(throws: FormErrors.self) { try MessageText.required(" \n ") }
        #expect(try MessageText.check(String(repeating: "👩🏽‍💻", count: MessagingLimits.body)).count == MessagingLimits.body)
        #expect(throws: FormErrors.self) { try MessageText.check(String(repeating: "a", count: MessagingLimits.body + 1)) }
    }

    @Test func everyKindsTextHasItsCountedForms() throws {
        let catalogs = try Catalogs.load(from: repositoryRoot + "/Resources/Locales")
        for kind in [MessagingNotices.message, MessagingNotices.request] {
            for key in [kind.labelKey, kind.textKey + ".one", kind.textKey + ".other"] {
                #expect(MessagingNotices.textKeys.contains(key) || key == kind.labelKey)
                #expect(catalogs.keys(for: .en).contains(key), "\(key)")
            }
        }
    }
}

/// "Send message" toward the members one may write to, decided for a whole page at once.
@Suite("Messaging: member actions")
struct MessagingMemberActionTests {
    @Test func sendMessageIsOfferedTowardConnectionsAndMembersOpenToContact() async throws {
        try await withMessaging { world in
            let viewer = try await world.member("Vera Viewer")
            let friend = try await world.member("Fatou Friend")
            let open = try await world.member("Omar Open", open: true)
            let closed = try await world.member("Carl Closed")
            let blocking = try await world.member("Bob Blocker", open: true)
            world.relations.connect(viewer, friend)
            world.relations.block(blocking, viewer)
            let source = MessagingMemberActions(relations: RelationsHandle(world.app))
            let members = [friend, open, closed, blocking].map { $0.id! }
            let actions = try await source.actions(for: world.principal(viewer), toward: members, on: world.app.db)
            #expect(Set(actions.keys) == [friend.id!, open.id!])
            #expect(actions[open.id!]?.first?.href == "/messages/new?to=\(open.id!.uuidString.lowercased())")
            #expect(actions[open.id!]?.first?.labelKey == "messaging.action.send")
            // An unverified viewer is offered only connections.
            let unverified = try await world.member("Una Unverified", verified: false)
            world.relations.connect(unverified, friend)
            let limited = try await source.actions(for: world.principal(unverified), toward: members, on: world.app.db)
            #expect(Set(limited.keys) == [friend.id!])
            // The action is also on the application's list that profiles and cards read.
            #expect(world.app.memberActionSources.contains { $0 is MessagingMemberActions })
        }
    }
}

/// Demo members get a few conversations, each with a last message its reader has not read yet
/// (announced to them), and running the demo again adds no second copy.
@Suite("Messaging: demo data")
struct MessagingDemoTests {
    @Test func demoMembersGetConversationsOnce() async throws {
        try await withApp { app in
            try await DemoSeeder(database: app.db, reference: app.referenceData).seed(members: 12, seed: 3) { _ in }
            let notifier = RecordingNotifier()
            app.notifier = notifier
            let demo = DemoData(application: app, members: 12, seed: 3)
            try await MessagingDemo.add(demo)
            try await MessagingDemo.add(demo)
            #expect(try await Conversation.query(on: app.db).count() == 5)
            let participants = try await ConversationParticipant.query(on: app.db).all().map(\.memberID)
            let unread = try await ConversationQueries.unreadCounts(of: participants, relations: NoAudienceRelations(), on: app.db)
            #expect(participants.map { unread[$0] ?? 0 }.sorted() == Array(repeating: 0, count: 5) + Array(repeating: 1, count: 5))
            let announced = notifier.announced.withLockedValue { $0 }
            #expect(announced.count == 5 && announced.allSatisfy { $0.kind.id == MessagingNotices.NewMessage.kind && unread[$0.recipient] == 1 })
            #expect(try await Message.query(on: app.db).count() == 5 * MessagingDemo.lines.count)
            let member = try #require(try await ConversationParticipant.query(on: app.db).first()).memberID
            let page = try await ConversationQueries.page(of: member, state: .active, after: nil, limit: 20, relations: NoAudienceRelations(), on: app.db)
            #expect(page.items.count == 1)
        }
    }
}
