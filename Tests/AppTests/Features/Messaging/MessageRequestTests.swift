@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// A first message to someone one is not connected with waits under "Message requests"; its
/// recipient accepts, declines or reports it, and its sender cannot tell which.
@Suite("Messaging: message requests")
struct MessageRequestTests {
    @Test func theSenderCannotTellAcceptDeclineAndReportApart() async throws {
        try await withMessaging { world in
            let app = world.app
            let sender = try await world.member("Sara Haddad")
            let accepting = try await world.member("Ali Accept", open: true)
            let declining = try await world.member("Dina Decline", open: true)
            let reporting = try await world.member("Rami Report", open: true)
            var ids: [String] = []
            for recipient in [accepting, declining, reporting] {
                ids.append(try await startConversation(world, from: sender, to: recipient, body: "Hello, may I ask about your work?"))
            }
            // Each recipient sees a request, not a conversation, and no unread count for it.
            for (recipient, id) in zip([accepting, declining, reporting], ids) {
                let token = try await bearer(app, for: recipient)
                try await apiCall(app, .GET, "/message-requests", as: token) { res async throws in
                    let items = try #require(try res.json()["items"] as? [[String: Any]])
                    #expect(items.map { ($0["id"] as? String)?.lowercased() } == [id])
                    #expect(items.first?["isRequest"] as? Bool == true && items.first?["canWrite"] as? Bool == false)
                }
                try await apiCall(app, .GET, "/conversations", as: token) { res async throws in #expect(try count(res, "items") == 0) }
                #expect(try await ConversationQueries.unreadCount(of: recipient.id!, relations: world.relations, on: app.db) == 0)
            }
            #expect(world.notifier.announced.withLockedValue { $0.filter { $0.kind.id == "messaging.request" }.count } == 3)

            // The accepting one reads the conversation page (marks it read) before answering.
            var acceptingBrowser = try await signedIn(app, email: accepting.email)
            let requestPage = try await page(app, "/messages/\(ids[0])", as: acceptingBrowser)
            #expect(requestPage.status == .ok && requestPage.body.contains("/messages/\(ids[0])/accept"))
            let csrf = try await visit(app, "/messages/requests", as: &acceptingBrowser)
            try await submit(app, "/messages/\(ids[0])/accept", [:], as: &acceptingBrowser, csrf: csrf) { #expect($0.status == .seeOther) }
            #expect(try await page(app, "/messages/\(ids[0])", as: acceptingBrowser).status == .ok)
            try await apiCall(app, .POST, "/message-requests/\(ids[1])/decline", as: try await bearer(app, for: declining)) { #expect($0.status == .noContent) }
            try await apiCall(app, .POST, "/message-requests/\(ids[2])/report", as: try await bearer(app, for: reporting)) { #expect($0.status == .noContent) }

            // Accepted: a conversation for its recipient. Declined and reported: gone for theirs.
            try await apiCall(app, .GET, "/conversations", as: try await bearer(app, for: accepting)) { res async throws in
                #expect(try count(res, "items") == 1)
            }
            for (recipient, id) in [(declining, ids[1]), (reporting, ids[2])] {
                try await apiCall(app, .GET, "/conversations/\(id)", as: try await bearer(app, for: recipient)) { #expect($0.status == .notFound) }
                try await apiCall(app, .GET, "/message-requests", as: try await bearer(app, for: recipient)) { res async throws in
                    #expect(try count(res, "items") == 0)
                }
            }
            let reports = try await MessageReport.query(on: app.db).all()
            #expect(reports.count == 1 && reports.first?.reporterID == reporting.id && reports.first?.reportedID == sender.id)

            // The sender's view of the three is the same, and they may go on writing in each.
            let senderToken = try await bearer(app, for: sender)
            var views: [String] = []
            for id in ids {
                let res = try await apiCall(app, .GET, "/conversations/\(id)", as: senderToken)
                var json = try res.json()
                json["id"] = nil
                json["lastMessageAt"] = nil
                json["participants"] = (json["participants"] as? [[String: Any]])?.count
                views.append(String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self))
            }
            #expect(views[0] == views[1] && views[1] == views[2], "\(views)")
            #expect(views[0].contains(#""readMarks":[]"#) && views[0].contains(#""canWrite":true"#))
            let senderBrowser = try await signedIn(app, email: sender.email)
            var pages: [String] = []
            for (id, name) in zip(ids, ["Ali Accept", "Dina Decline", "Rami Report"]) {
                let shown = try await page(app, "/messages/\(id)", as: senderBrowser)
                #expect(shown.status == .ok)
                pages.append(Self.withoutVariableParts(shown.body, id: id, name: name))
            }
            #expect(pages[0] == pages[1] && pages[1] == pages[2])
            for id in ids {
                try await apiCall(app, .POST, "/conversations/\(id)/messages", as: senderToken, body: BodyInput(body: "Any news?")) { #expect($0.status == .created) }
            }
            // The follow-up reaches only the one who accepted.
            let told = world.notifier.announced.withLockedValue { $0.filter { $0.kind.id == "messaging.message" }.map(\.recipient) }
            #expect(told == [accepting.id!])
        }
    }

    /// A page with its conversation's ids, names, times and the session's token taken out.
    static func withoutVariableParts(_ html: String, id: String, name: String) -> String {
        var text = html.replacingOccurrences(of: id, with: "ID").replacingOccurrences(of: name, with: "NAME")
        for pattern in [#"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, #"data-micros="[0-9]+""#, #"<time[^>]*>[^<]*</time>"#,
                        #"value="[^"]{20,}""#, #"data-readers="[^"]*""#] {
            text = text.replacingOccurrences(of: pattern, with: "X", options: .regularExpression)
        }
        return text
    }

    @Test func aMemberWhoIsNotOpenToContactCannotBeWrittenToByStrangers() async throws {
        try await withMessaging { world in
            let sender = try await world.member("Sara Haddad")
            let closed = try await world.member("Carl Closed")
            let hidden = try await world.member("Hana Hidden", open: true, visibility: .connections)
            let token = try await bearer(world.app, for: sender)
            try await apiCall(world.app, .POST, "/conversations", as: token, body: DirectInput(to: closed.id!.uuidString, body: "Hi")) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["to"])
            }
            // Open to contact, but the sender may not see the profile: as if there were no such member.
            try await apiCall(world.app, .POST, "/conversations", as: token, body: DirectInput(to: hidden.id!.uuidString, body: "Hi")) { res async throws in
                #expect(res.status == .notFound)
            }
            #expect(try await Conversation.query(on: world.app.db).count() == 0)
            // A connection may be written to whatever the profile says.
            world.relations.connect(sender, closed)
            _ = try await startConversation(world, from: sender, to: closed)
            let rows = try await ConversationParticipant.query(on: world.app.db).all()
            #expect(rows.allSatisfy { $0.state == .active })
        }
    }

    @Test func writingAgainReusesTheOneToOneConversation() async throws {
        try await withMessaging { world in
            let amina = try await world.member("Amina Diallo")
            let bakary = try await world.member("Bakary Sow")
            world.relations.connect(amina, bakary)
            let first = try await startConversation(world, from: amina, to: bakary, body: "One")
            let second = try await startConversation(world, from: bakary, to: amina, body: "Two")
            #expect(first == second)
            #expect(try await Conversation.query(on: world.app.db).count() == 1)
            #expect(try await Message.query(on: world.app.db).count() == 2)
        }
    }
}
