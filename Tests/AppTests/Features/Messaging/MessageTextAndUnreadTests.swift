@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// What members type stays text (never markup, never a 500), and unread counts, read marks,
/// announcements and live events follow what happens.
@Suite("Messaging: text, unread counts and events")
struct MessageTextAndUnreadTests {
    static let corpus = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "javascript:alert(1)",
        "https://example.org/\"><script>alert(2)</script>",
        "https://example.org/path?q=<b>bold</b>",
        "<svg onload=alert(1)>",
        "{{7*7}} #(x) #t(\"site.name\") ${x}",
        "Line one\nLine two\n\nNew paragraph with https://example.org/page.",
    ]

    @Test func hostileBodiesStayText() async throws {
        try await withMessaging { world in
            let app = world.app
            let amina = try await world.member("Amina Diallo")
            let bakary = try await world.member("Bakary Sow")
            world.relations.connect(amina, bakary)
            let id = try await startConversation(world, from: amina, to: bakary, body: "Start")
            let token = try await bearer(app, for: amina)
            for body in Self.corpus {
                try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: body)) { #expect($0.status == .created, "\(body)") }
            }
            let shown = try await page(app, "/messages/\(id)", as: try await signedIn(app, email: bakary.email))
            #expect(shown.status == .ok)
            for forbidden in ["<script>alert", "<img src=x", "href=\"javascript:", "<svg", "<b>bold</b>", "onerror=alert(1)>"] {
                #expect(!shown.body.contains(forbidden), "\(forbidden) rendered as markup")
            }
            #expect(shown.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(shown.body.contains(#"<a href="https://example.org/page" rel="nofollow ugc noopener">"#))
            #expect(shown.body.contains("Line one<br>Line two"))
            #expect(shown.body.contains("{{7*7}} #(x)"))
        }
    }

    @Test func oversizedAndInvisibleTextIsRefusedByField() async throws {
        try await withMessaging { world in
            let app = world.app
            let amina = try await world.member("Amina Diallo")
            let bakary = try await world.member("Bakary Sow")
            world.relations.connect(amina, bakary)
            let id = try await startConversation(world, from: amina, to: bakary, body: "Start")
            let token = try await bearer(app, for: amina)
            try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: String(repeating: "a", count: 100_000))) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["body"])
            }
            try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: String(repeating: "a", count: MessagingAPI.messageBody.maxBytes))) { res async throws in
                #expect(res.status == .payloadTooLarge)
            }
            try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: String(repeating: "é", count: MessagingLimits.body + 1))) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["body"])
            }
            try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: String(repeating: "🇸🇳", count: MessagingLimits.body))) { res async throws in
                #expect(res.status == .created, "5,000 flags are 5,000 characters")
            }
            for hostile in ["nul\u{0}byte", "abc\u{202E}gnp.exe", "bell\u{7}", "zero\u{200B}width", "   \n\t  "] {
                try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: hostile)) { res async throws in
                    #expect(res.status == .unprocessableEntity, "\(hostile.unicodeScalars.map { $0.value })")
                    #expect(try problemFields(res) == ["body"])
                }
            }
            try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: "Tab\tseparated\nand\r\nlines")) { res async throws in
                #expect(res.status == .created)
                #expect(try res.json()["body"] as? String == "Tab\tseparated\nand\nlines")
            }
            // The page: 422 with what was typed and the message by the field; 413 beyond the form's size.
            var browser = try await signedIn(app, email: amina.email)
            let csrf = try await visit(app, "/messages/\(id)", as: &browser)
            try await submit(app, "/messages/\(id)", ["body": "rtl\u{202E}override"], as: &browser, csrf: csrf) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("f-body-error") && res.body.string.contains("rtl\u{202E}override"))
            }
            try await submit(app, "/messages/\(id)", ["body": String(repeating: "b", count: 100_000)], as: &browser, csrf: csrf) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
            try await submit(app, "/messages/\(id)", ["body": String(repeating: "b", count: 300_000)], as: &browser, csrf: csrf) { res async throws in
                #expect(res.status == .payloadTooLarge)
            }
            #expect(try await Message.query(on: app.db).count() == 3)
        }
    }

    @Test func unreadCountsReadMarksAnnouncementsAndEvents() async throws {
        try await withMessaging { world in
            let app = world.app
            let amina = try await world.member("Amina Diallo")
            let bakary = try await world.member("Bakary Sow")
            world.relations.connect(amina, bakary)
            let id = try await startConversation(world, from: amina, to: bakary, body: "First")
            let bakaryBrowser = try await signedIn(app, email: bakary.email)
            let list = try await page(app, "/messages", as: bakaryBrowser)
            #expect(list.body.contains(#"data-badge="messages">Messages <span class="count" data-count="1">1</span>"#))
            #expect(list.body.contains("conversation-card unread"))

            let announced = world.notifier.announced.withLockedValue { $0 }
            #expect(announced.count == 1)
            #expect(announced.first?.kind.id == "messaging.message" && announced.first?.recipient == bakary.id
                    && announced.first?.actor == amina.id && announced.first?.groupKey.lowercased() == id && announced.first?.link == "/messages/\(id)")
            let message = try #require(world.live.payloads("message", to: bakary.id!).first)
            #expect(message["conversationId"] as? String == id)
            #expect(message["authorName"] as? String == "Amina Diallo" && message["change"] as? String == "new")
            #expect(world.live.payloads("message", to: amina.id!).count == 1, "the sender's other pages get it too")
            #expect(world.live.payloads("badge", to: bakary.id!).last?["count"] as? Int == 1)

            // Reading the conversation: the header already counts zero, the mark goes live to Amina.
            let shown = try await page(app, "/messages/\(id)", as: bakaryBrowser)
            #expect(shown.body.contains(#"data-badge="messages">Messages <span class="count" data-count="0">0</span>"#))
            #expect(world.live.payloads("badge", to: bakary.id!).last?["count"] as? Int == 0)
            #expect(world.live.payloads("read", to: amina.id!).count == 1)
            #expect(world.notifier.seen.withLockedValue { $0 }.contains { $0.0 == "messaging.message" && $0.2 == bakary.id })
            let aminaPage = try await page(app, "/messages/\(id)", as: try await signedIn(app, email: amina.email))
            #expect(aminaPage.body.contains(">Seen</p>"))
            #expect(try await ConversationQueries.unreadCount(of: bakary.id!, relations: world.relations, on: app.db) == 0)
        }
    }

    @Test func listsAreSearchedAndPaged() async throws {
        try await withMessaging { world in
            let app = world.app
            let amina = try await world.member("Amina Diallo")
            var others: [Member] = []
            for index in 0..<21 {
                let other = try await world.member(index == 0 ? "Zeynep Kaya" : "Person \(index)")
                world.relations.connect(amina, other)
                others.append(other)
                _ = try await startConversation(world, from: amina, to: other, body: index == 5 ? "About the 100% solar pump" : "Hello \(index)")
            }
            let token = try await bearer(app, for: amina)
            let first = try await apiCall(app, .GET, "/conversations", as: token)
            #expect(try count(first, "items") == MessagingLimits.conversationsPerPage)
            let cursor = try #require(try first.json()["nextCursor"] as? String)
            let second = try await apiCall(app, .GET, "/conversations?cursor=\(cursor)", as: token)
            let last = try #require(try second.json()["items"] as? [[String: Any]])
            #expect(last.count == 1 && (last.first?["participants"] as? [[String: Any]])?.first?["displayName"] as? String == "Zeynep Kaya")
            #expect(try second.json()["nextCursor"] == nil)
            try await apiCall(app, .GET, "/conversations?cursor=bogus", as: token) { #expect($0.status == .unprocessableEntity) }
            for (query, expected) in [("zeynep", "Zeynep Kaya"), ("SOLAR", "Person 5"), ("100%25", "Person 5")] {
                let found = try await apiCall(app, .GET, "/conversations?q=\(query)", as: token)
                let items = try #require(try found.json()["items"] as? [[String: Any]])
                #expect(items.count == 1 && (items.first?["participants"] as? [[String: Any]])?.first?["displayName"] as? String == expected, "\(query)")
            }
            let listed = try await page(app, "/messages?q=zeynep", as: try await signedIn(app, email: amina.email))
            #expect(listed.body.contains("Zeynep Kaya") && !listed.body.contains("Person 5"))

            // Messages: newest first by thirties, shown oldest to newest within a page.
            let talker = try await world.member("Tariq Talker")
            world.relations.connect(amina, talker)
            let id = try await startConversation(world, from: amina, to: talker, body: "Message 0")
            for index in 1..<35 {
                try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: "Message \(index)"))
            }
            let newest = try await apiCall(app, .GET, "/conversations/\(id)/messages", as: token)
            let items = try #require(try newest.json()["items"] as? [[String: Any]])
            #expect(items.count == 30 && items.first?["body"] as? String == "Message 34")
            let older = try #require(try newest.json()["nextCursor"] as? String)
            let rest = try await apiCall(app, .GET, "/conversations/\(id)/messages?cursor=\(older)", as: token)
            let bodies = try #require(try list(rest, "items")).map { $0["body"] as? String ?? "" }
            #expect(bodies == ["Message 4", "Message 3", "Message 2", "Message 1", "Message 0"])
            let shown = try await page(app, "/messages/\(id)", as: try await signedIn(app, email: amina.email))
            let position34 = try #require(shown.body.range(of: "Message 34")), position10 = try #require(shown.body.range(of: "Message 10"))
            #expect(position10.lowerBound < position34.lowerBound && !shown.body.contains("Message 4<") && shown.body.contains("?cursor="))
        }
    }
}
