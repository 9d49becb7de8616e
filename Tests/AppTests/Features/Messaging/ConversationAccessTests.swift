@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// A member who does not take part in a conversation can neither read it, write in it, nor learn
/// that it exists: every page and API route answers 404, as for an id that was never used.
@Suite("Messaging: who reaches a conversation")
struct ConversationAccessTests {
    @Test func aThirdMemberGetsNotFoundOnEveryRoute() async throws {
        try await withMessaging { world in
            let app = world.app
            let amina = try await world.member("Amina Diallo")
            let bakary = try await world.member("Bakary Sow")
            let chloe = try await world.member("Chloe Martin")
            world.relations.connect(amina, bakary)
            let id = try await startConversation(world, from: amina, to: bakary, body: "A secret plan for the school")
            let message = try #require(try await Message.query(on: app.db).first()).id!.uuidString.lowercased()
            let chloeToken = try await bearer(app, for: chloe)
            var browser = try await signedIn(app, email: chloe.email)
            let csrf = try await visit(app, "/messages", as: &browser)

            for path in ["/messages/\(id)", "/messages/\(id)/m/\(message)/edit"] {
                #expect(try await page(app, path, as: browser).status == .notFound, "GET \(path)")
            }
            for (path, fields) in [
                ("/messages/\(id)", ["body": "intruding"]), ("/messages/\(id)/m/\(message)/edit", ["body": "changed"]),
                ("/messages/\(id)/m/\(message)/delete", [:]), ("/messages/\(id)/accept", [:]), ("/messages/\(id)/decline", [:]),
                ("/messages/\(id)/report", [:]), ("/messages/\(id)/leave", [:]), ("/messages/\(id)/participants", ["members": bakary.id!.uuidString]),
            ] {
                try await submit(app, path, fields, as: &browser, csrf: csrf) { res async throws in
                    #expect(res.status == .notFound, "POST \(path)")
                }
            }
            try await apiCall(app, .GET, "/conversations/\(id)", as: chloeToken) { #expect($0.status == .notFound) }
            try await apiCall(app, .GET, "/conversations/\(id)/messages", as: chloeToken) { #expect($0.status == .notFound) }
            try await apiCall(app, .POST, "/conversations/\(id)/messages", as: chloeToken, body: BodyInput(body: "intruding")) { #expect($0.status == .notFound) }
            try await apiCall(app, .PATCH, "/conversations/\(id)/messages/\(message)", as: chloeToken, body: BodyInput(body: "changed")) { #expect($0.status == .notFound) }
            try await apiCall(app, .DELETE, "/conversations/\(id)/messages/\(message)", as: chloeToken) { #expect($0.status == .notFound) }
            for action in ["read", "leave"] {
                try await apiCall(app, .POST, "/conversations/\(id)/\(action)", as: chloeToken) { #expect($0.status == .notFound, "\(action)") }
            }
            try await apiCall(app, .POST, "/conversations/\(id)/participants", as: chloeToken, body: MembersInput(members: [chloe.id!.uuidString])) { #expect($0.status == .notFound) }
            for action in ["accept", "decline", "report"] {
                try await apiCall(app, .POST, "/message-requests/\(id)/\(action)", as: chloeToken) { #expect($0.status == .notFound, "\(action)") }
            }
            // Nor does the conversation show in any list of hers.
            try await apiCall(app, .GET, "/conversations", as: chloeToken) { res async throws in
                #expect(try count(res, "items") == 0)
            }
            try await apiCall(app, .GET, "/message-requests", as: chloeToken) { res async throws in
                #expect(try count(res, "items") == 0)
            }
            let list = try await page(app, "/messages", as: browser)
            #expect(!list.body.contains(id) && !list.body.contains("secret plan"))
            // Nothing changed for the participants.
            let stored = try #require(try await Message.query(on: app.db).first())
            #expect(stored.body == "A secret plan for the school" && stored.deletedMicros == nil)
            #expect(try await ConversationParticipant.query(on: app.db).count() == 2)
            // And the participants do reach it.
            let aminaBrowser = try await signedIn(app, email: amina.email)
            let own = try await page(app, "/messages/\(id)", as: aminaBrowser)
            #expect(own.status == .ok && own.body.contains("A secret plan for the school"))
        }
    }

    @Test func visitorsAreAskedToSignIn() async throws {
        try await withMessaging { world in
            try await world.app.testing().test(.GET, "/api/v1/conversations") { res async in #expect(res.status == .unauthorized) }
            try await world.app.testing().test(.GET, "/messages") { res async in #expect(res.status != .ok) }
        }
    }
}
