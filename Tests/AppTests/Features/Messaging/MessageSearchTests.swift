@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Searching one's conversations matches titles and messages in any case, accents optional, on
/// both databases (SQLite's own LOWER folds ASCII letters only).
@Suite("Messaging: search ignores case and accents")
struct MessageSearchTests {
    @Test func accentsAndCapitalsInTextsAndTitlesAreFoundEitherWay() async throws {
        try await withMessaging { world in
            let app = world.app
            let amina = try await world.member("Amina Diallo")
            let others = [try await world.member("Person One"), try await world.member("Person Two"), try await world.member("Person Three")]
            for other in others { world.relations.connect(amina, other) }
            _ = try await startConversation(world, from: amina, to: others[0], body: "RÉUNION à Dakar, Ça marche ?")
            _ = try await startConversation(world, from: amina, to: others[1], body: "Nothing in common")
            let token = try await bearer(app, for: amina)
            let group = try await apiCall(app, .POST, "/conversations", as: token,
                                          body: GroupInput(title: "École de Ziguinchor", participants: [others[1].id!.uuidString, others[2].id!.uuidString], body: "Bienvenue"))
            #expect(group.status == .created)
            let groupID = try #require(try group.json()["id"] as? String).lowercased()

            func found(_ query: String) async throws -> [String] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let res = try await apiCall(app, .GET, "/conversations?q=\(encoded)", as: token)
                return try #require(try res.json()["items"] as? [[String: Any]]).compactMap { ($0["id"] as? String)?.lowercased() }
            }
            let reunion = try await found("reunion")
            #expect(reunion.count == 1)
            for query in ["réunion", "Réunion à", "RÉUNION À DAKAR", "ca marche"] {
                #expect(try await found(query) == reunion, "\(query)")
            }
            for query in ["ecole", "ÉCOLE", "école de zig"] {
                #expect(try await found(query) == [groupID], "\(query)")
            }
            #expect(try await found("zurich").isEmpty)

            // An edit is searched as edited; a deleted message no longer.
            let messageID = try #require(try await Message.query(on: app.db).filter(\.$body == "Nothing in common").first()?.id)
            let conversation = try #require(try await Message.find(messageID, on: app.db)?.conversationID).uuidString.lowercased()
            try await apiCall(app, .PATCH, "/conversations/\(conversation)/messages/\(messageID.uuidString.lowercased())", as: token, body: BodyInput(body: "Señor Núñez")) {
                #expect($0.status == .ok, "\($0.body.string)")
            }
            #expect(try await found("senor nunez") == [conversation])
            try await apiCall(app, .DELETE, "/conversations/\(conversation)/messages/\(messageID.uuidString.lowercased())", as: token) {
                #expect($0.status == .noContent, "\($0.body.string)")
            }
            #expect(try await found("senor").isEmpty)
        }
    }

    @Test func theMigrationFoldsWhatWasWrittenBeforeIt() async throws {
        try await withMessaging { world in
            let app = world.app
            let amina = try await world.member("Amina Diallo")
            let other = try await world.member("Élodie Martin")
            world.relations.connect(amina, other)
            let id = try await startConversation(world, from: amina, to: other, body: "Été à Montréal")
            let token = try await bearer(app, for: amina)
            for body in ["Ça va ?", "Très bien"] {
                try await apiCall(app, .POST, "/conversations/\(id)/messages", as: token, body: BodyInput(body: body)) { #expect($0.status == .created) }
            }
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE \(ident: Message.schema) SET search_text = ''").run()
            try await sql.raw("UPDATE \(ident: Conversation.schema) SET search_title = 'stale'").run()
            #expect(try await Message.query(on: app.db).filter(\.$searchText != "").count() == 0)

            // Two rows to a statement: three messages take two.
            try await AddMessagingSearchText.fillAll(on: sql, rowsPerStatement: 2)

            #expect(Set(try await Message.query(on: app.db).all().map(\.searchText)) == ["ete a montreal", "ca va ?", "tres bien"])
            #expect(try await Conversation.query(on: app.db).all().map(\.searchTitle) == [""])
        }
    }
}
