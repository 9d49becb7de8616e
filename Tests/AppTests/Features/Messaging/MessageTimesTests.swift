@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Pages write a message's time in the reader's own time zone (their `/account` setting).
@Suite("Messaging: times in the reader's time zone")
struct MessageTimesTests {
    @Test func eachReaderSeesTheMessageTimeInTheirOwnZone() async throws {
        try await withMessaging { world in
            let app = world.app
            let sender = try await world.member("Sara Haddad")
            let reader = try await world.member("Kenji Sato")
            world.relations.connect(sender, reader)
            reader.timeZone = "Asia/Tokyo"
            try await reader.save(on: app.db)
            let id = try await startConversation(world, from: sender, to: reader, body: "Good morning")
            let sent = try #require(try await Message.query(on: app.db).first()).createdMicros

            func shown(in zone: String) -> String {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en")
                formatter.dateStyle = .short
                formatter.timeStyle = .short
                formatter.timeZone = TimeZone(identifier: zone)
                return htmlEscaped(formatter.string(from: Micros.date(sent)))
            }
            #expect(shown(in: "Asia/Tokyo") != shown(in: "UTC"))

            let readerPage = try await page(app, "/messages/\(id)", as: try await signedIn(app, email: reader.email))
            #expect(readerPage.body.contains(shown(in: "Asia/Tokyo")))
            #expect(!readerPage.body.contains(shown(in: "UTC")))
            let senderPage = try await page(app, "/messages/\(id)", as: try await signedIn(app, email: sender.email))
            #expect(senderPage.body.contains(shown(in: "UTC")))
        }
    }
}
