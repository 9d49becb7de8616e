@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Who may write to strangers, how many new conversations a day, the edit window and deletion.
@Suite("Messaging: rules")
struct MessagingRulesTests {
    @Test func unverifiedMembersWriteOnlyToConnections() async throws {
        try await withMessaging { world in
            let newcomer = try await world.member("Nora Unverified", verified: false)
            let open = try await world.member("Omar Open", open: true)
            let friend = try await world.member("Fatou Friend")
            world.relations.connect(newcomer, friend)
            let token = try await bearer(world.app, for: newcomer)
            try await apiCall(world.app, .POST, "/conversations", as: token, body: DirectInput(to: open.id!.uuidString, body: "Hi")) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["to"])
                #expect(res.body.string.contains("Confirm your email address"))
            }
            _ = try await startConversation(world, from: newcomer, to: friend)
        }
    }

    /// Found by the API fuzzer: a group's fields next to `to` were ignored, so a request the
    /// document refuses (a title too long) was accepted.
    @Test func aGroupsFieldsNextToARecipientAreRefusedNamingThem() async throws {
        try await withMessaging { world in
            let amina = try await world.member("Amina Sender")
            let friend = try await world.member("Fatou Friend")
            world.relations.connect(amina, friend)
            let token = try await bearer(world.app, for: amina)
            struct Mixed: Encodable { let to: String; let body: String; let title: String; let participants: [String] }
            let mixed = Mixed(to: friend.id!.uuidString, body: "Hi", title: String(repeating: "t", count: 500), participants: [UUID().uuidString])
            try await apiCall(world.app, .POST, "/conversations", as: token, body: mixed) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(Set(try problemFields(res)) == ["title", "participants"])
            }
            #expect(try await Conversation.query(on: world.app.db).count() == 0)
        }
    }

    @Test func accountsYoungerThanADayWriteOnlyToConnections() async throws {
        try await withMessaging { world in
            let newcomer = try await world.member("Nina New")
            let open = try await world.member("Omar Open", open: true)
            let friend = try await world.member("Fatou Friend")
            world.relations.connect(newcomer, friend)
            let joined = try world.app.manualClock.now.addingTimeInterval(-23 * 3600)
            try await Member.query(on: world.app.db).filter(\.$id == newcomer.id!).set(\.$createdAt, to: joined).update()
            let token = try await bearer(world.app, for: newcomer)
            try await apiCall(world.app, .POST, "/conversations", as: token, body: DirectInput(to: open.id!.uuidString, body: "Hi")) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("first day"))
            }
            _ = try await startConversation(world, from: newcomer, to: friend)
            // A day later, strangers open to contact are fine.
            try world.app.manualClock.advance(by: 3600)
            _ = try await startConversation(world, from: newcomer, to: open)
        }
    }

    @Test func atMostTwentyNewConversationsADayWithStrangers() async throws {
        try await withMessaging { world in
            let sender = try await world.member("Sara Haddad")
            let friend = try await world.member("Fatou Friend")
            world.relations.connect(sender, friend)
            var strangers: [Member] = []
            for index in 0..<21 { strangers.append(try await world.member("Stranger \(index)", open: true)) }
            for stranger in strangers.prefix(20) { _ = try await startConversation(world, from: sender, to: stranger) }
            let token = try await bearer(world.app, for: sender)
            try await apiCall(world.app, .POST, "/conversations", as: token, body: DirectInput(to: strangers[20].id!.uuidString, body: "Hi")) { res async throws in
                #expect(res.status == .tooManyRequests)
                #expect(Int(res.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
            }
            #expect(try await Conversation.query(on: world.app.db).count() == 20)
            // Connections and conversations already started are not capped.
            _ = try await startConversation(world, from: sender, to: friend)
            _ = try await startConversation(world, from: sender, to: strangers[0], body: "Following up")
            // The page says so too, with the same answer.
            var browser = try await signedIn(world.app, email: sender.email)
            let csrf = try await visit(world.app, "/messages/new?to=\(strangers[20].id!.uuidString)", as: &browser)
            try await submit(world.app, "/messages", ["to": strangers[20].id!.uuidString, "body": "Hi"], as: &browser, csrf: csrf) { res async throws in
                #expect(res.status == .tooManyRequests)
            }
        }
    }

    @Test func messagesCanBeChangedForFifteenMinutes() async throws {
        try await withMessaging { world in
            let amina = try await world.member("Amina Diallo")
            let bakary = try await world.member("Bakary Sow")
            world.relations.connect(amina, bakary)
            let id = try await startConversation(world, from: amina, to: bakary, body: "Meet at 10")
            let message = try #require(try await Message.query(on: world.app.db).first()).id!.uuidString.lowercased()
            let token = try await bearer(world.app, for: amina)
            try world.app.manualClock.advance(by: 14 * 60)
            try await apiCall(world.app, .PATCH, "/conversations/\(id)/messages/\(message)", as: token, body: BodyInput(body: "Meet at 11")) { res async throws in
                #expect(res.status == .ok)
                #expect(try res.json()["body"] as? String == "Meet at 11")
                #expect(try res.json()["editedAt"] != nil)
            }
            // Someone else's message is not theirs to change.
            try await apiCall(world.app, .PATCH, "/conversations/\(id)/messages/\(message)", as: try await bearer(world.app, for: bakary), body: BodyInput(body: "Hacked")) { res async throws in
                #expect(res.status == .notFound)
            }
            try world.app.manualClock.advance(by: 2 * 60)
            try await apiCall(world.app, .PATCH, "/conversations/\(id)/messages/\(message)", as: token, body: BodyInput(body: "Meet at noon")) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["body"])
                #expect(res.body.string.contains("15 minutes"))
            }
            var browser = try await signedIn(world.app, email: amina.email)
            let shown = try await page(world.app, "/messages/\(id)", as: browser)
            #expect(!shown.body.contains("/m/\(message)/edit"), "no edit link once the window has passed")
            let csrf = try await visit(world.app, "/messages/\(id)", as: &browser)
            try await submit(world.app, "/messages/\(id)/m/\(message)/edit", ["body": "Meet at noon"], as: &browser, csrf: csrf) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Meet at noon"), "the form keeps what was typed")
            }
            #expect(try await Message.query(on: world.app.db).first()?.body == "Meet at 11")
        }
    }

    @Test func aDeletedMessageShowsAsDeleted() async throws {
        try await withMessaging { world in
            let amina = try await world.member("Amina Diallo")
            let bakary = try await world.member("Bakary Sow")
            world.relations.connect(amina, bakary)
            let id = try await startConversation(world, from: amina, to: bakary, body: "Oops, wrong person")
            let message = try #require(try await Message.query(on: world.app.db).first()).id!.uuidString.lowercased()
            var browser = try await signedIn(world.app, email: amina.email)
            let csrf = try await visit(world.app, "/messages/\(id)", as: &browser)
            try await submit(world.app, "/messages/\(id)/m/\(message)/delete", [:], as: &browser, csrf: csrf) { #expect($0.status == .seeOther) }
            let bakaryBrowser = try await signedIn(world.app, email: bakary.email)
            let shown = try await page(world.app, "/messages/\(id)", as: bakaryBrowser)
            #expect(shown.body.contains("Message deleted") && !shown.body.contains("wrong person"))
            try await apiCall(world.app, .GET, "/conversations/\(id)/messages", as: try await bearer(world.app, for: bakary)) { res async throws in
                let items = try #require(try res.json()["items"] as? [[String: Any]])
                #expect(items.first?["deleted"] as? Bool == true && items.first?["body"] as? String == "")
            }
            let deleted = world.live.payloads("message", to: bakary.id!).last
            #expect(deleted?["change"] as? String == "deleted" && (deleted?["paragraphs"] as? [Any])?.isEmpty == true)
            // Deleting twice finds nothing to delete.
            try await apiCall(world.app, .DELETE, "/conversations/\(id)/messages/\(message)", as: try await bearer(world.app, for: amina)) { #expect($0.status == .notFound) }
        }
    }
}
