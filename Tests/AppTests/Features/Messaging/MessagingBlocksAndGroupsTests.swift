@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Blocks hide one-to-one conversations from the blocker and make them read-only for the other;
/// groups hold at most 20, their creator adds connections only, anyone may leave.
@Suite("Messaging: blocks and groups")
struct MessagingBlocksAndGroupsTests {
    @Test func aBlockHidesTheConversationForTheBlockerAndFreezesItForTheOther() async throws {
        try await withMessaging { world in
            let app = world.app
            let amina = try await world.member("Amina Diallo", open: true)
            let bakary = try await world.member("Bakary Sow", open: true)
            world.relations.connect(amina, bakary)
            let id = try await startConversation(world, from: bakary, to: amina, body: "Are you there?")
            world.relations.block(amina, bakary)

            let aminaBrowser = try await signedIn(app, email: amina.email)
            #expect(try await page(app, "/messages/\(id)", as: aminaBrowser).status == .notFound)
            #expect(!(try await page(app, "/messages", as: aminaBrowser).body.contains(id)))
            try await apiCall(app, .GET, "/conversations", as: try await bearer(app, for: amina)) { res async throws in
                #expect(try count(res, "items") == 0)
            }
            #expect(try await ConversationQueries.unreadCount(of: amina.id!, relations: world.relations, on: app.db) == 0)

            var bakaryBrowser = try await signedIn(app, email: bakary.email)
            let frozen = try await page(app, "/messages/\(id)", as: bakaryBrowser)
            #expect(frozen.status == .ok && frozen.body.contains("Are you there?") && frozen.body.contains("no longer write"))
            #expect(!frozen.body.contains(#"id="compose""#))
            let csrf = try await visit(app, "/messages/\(id)", as: &bakaryBrowser)
            try await submit(app, "/messages/\(id)", ["body": "Hello?"], as: &bakaryBrowser, csrf: csrf) { #expect($0.status == .notFound) }
            let token = try await bearer(app, for: bakary)
            try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: "Hello?")) { #expect($0.status == .notFound) }
            try await apiCall(app, .POST, "/conversations", as: token, body: DirectInput(to: amina.id!.uuidString, body: "Hello?")) { #expect($0.status == .notFound) }
            try await apiCall(app, .POST, "/conversations", as: try await bearer(app, for: amina), body: DirectInput(to: bakary.id!.uuidString, body: "Hi")) { #expect($0.status == .notFound) }
            #expect(try await page(app, "/messages/new?to=\(amina.id!.uuidString)", as: bakaryBrowser).status == .notFound)
            #expect(try await Message.query(on: app.db).count() == 1)
            // No "Send message" toward each other either.
            let actions = try await MessagingMemberActions(relations: RelationsHandle(app)).actions(for: world.principal(bakary), toward: [amina.id!], on: app.db)
            #expect(actions.isEmpty)
        }
    }

    @Test func groupsAreMadeOfTheCreatorsConnectionsUpToTwenty() async throws {
        try await withMessaging { world in
            let app = world.app
            let creator = try await world.member("Gloria Group")
            var friends: [Member] = []
            for index in 0..<20 {
                let friend = try await world.member("Friend \(index)")
                world.relations.connect(creator, friend)
                friends.append(friend)
            }
            let stranger = try await world.member("Stan Stranger", open: true)
            let token = try await bearer(app, for: creator)
            let ids = friends.map { $0.id!.uuidString }
            try await apiCall(app, .POST, "/conversations", as: token, body: GroupInput(title: "Too many", participants: ids)) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["participants"])
            }
            try await apiCall(app, .POST, "/conversations", as: token, body: GroupInput(title: "With a stranger", participants: [ids[0], stranger.id!.uuidString])) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res) == ["participants"])
            }
            try await apiCall(app, .POST, "/conversations", as: token, body: GroupInput(title: "", participants: [ids[0]])) { res async throws in
                #expect(try problemFields(res) == ["title"])
            }
            let created = try await apiCall(app, .POST, "/conversations", as: token, body: GroupInput(title: "School project", participants: Array(ids.prefix(18)), body: "Welcome all"))
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"] as? String).lowercased()
            #expect(try count(created, "participants") == 18)

            // Only the creator adds, only connections, and never past twenty.
            try await apiCall(app, .POST, "/conversations/\(id)/participants", as: try await bearer(app, for: friends[0]), body: MembersInput(members: [ids[18]])) { res async throws in
                #expect(res.status == .forbidden)
            }
            try await apiCall(app, .POST, "/conversations/\(id)/participants", as: token, body: MembersInput(members: [stranger.id!.uuidString])) { res async throws in
                #expect(res.status == .unprocessableEntity)
            }
            try await apiCall(app, .POST, "/conversations/\(id)/participants", as: token, body: MembersInput(members: [ids[18], ids[19]])) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("20"))
            }
            try await apiCall(app, .POST, "/conversations/\(id)/participants", as: token, body: MembersInput(members: [ids[18]])) { res async throws in
                #expect(res.status == .ok)
                #expect(try count(res, "participants") == 19)
            }

            // Leaving: the conversation is gone for the one who left, and they are no longer listed.
            let leaver = try await bearer(app, for: friends[1])
            try await apiCall(app, .POST, "/conversations/\(id)/leave", as: leaver) { #expect($0.status == .noContent) }
            try await apiCall(app, .GET, "/conversations/\(id)", as: leaver) { #expect($0.status == .notFound) }
            try await apiCall(app, .GET, "/conversations/\(id)", as: token) { res async throws in
                #expect(try count(res, "participants") == 18)
            }
            // A one-to-one conversation cannot be left.
            let direct = try await startConversation(world, from: creator, to: friends[2])
            try await apiCall(app, .POST, "/conversations/\(direct)/leave", as: token) { #expect($0.status == .notFound) }
        }
    }

    @Test func groupsSaySeenByHowMany() async throws {
        try await withMessaging { world in
            let app = world.app
            let creator = try await world.member("Gloria Group")
            let first = try await world.member("Fatou First")
            let second = try await world.member("Sam Second")
            world.relations.connect(creator, first)
            world.relations.connect(creator, second)
            let created = try await apiCall(app, .POST, "/conversations", as: try await bearer(app, for: creator),
                                            body: GroupInput(title: "Planning", participants: [first.id!.uuidString, second.id!.uuidString], body: "Who comes on Saturday?"))
            let id = try #require(try created.json()["id"] as? String).lowercased()
            let creatorBrowser = try await signedIn(app, email: creator.email)
            #expect(!(try await page(app, "/messages/\(id)", as: creatorBrowser).body.contains(">Seen by")))
            _ = try await page(app, "/messages/\(id)", as: try await signedIn(app, email: first.email))
            #expect(try await page(app, "/messages/\(id)", as: creatorBrowser).body.contains(">Seen by 1</p>"))
            try await apiCall(app, .POST, "/conversations/\(id)/read", as: try await bearer(app, for: second)) { #expect($0.status == .noContent) }
            #expect(try await page(app, "/messages/\(id)", as: creatorBrowser).body.contains(">Seen by 2</p>"))
            // The read marks went live to the creator.
            #expect(world.live.payloads("read", to: creator.id!).count == 2)
        }
    }
}
