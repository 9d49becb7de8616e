@testable import App
import Fluent
import NIOConcurrencyHelpers
import Testing
import Vapor

@Suite("Mail outbox")
struct OutboxTests {
    let mail = Mail(to: MailAddress(name: "Amina", address: "amina@example.org"), subject: "Hello", text: "Text", html: "<p>Text</p>")

    func delivery(_ app: Application, _ transport: RecordingTransport) -> OutboxDelivery {
        OutboxDelivery(database: app.db, transport: transport, sender: MailAddress(name: "Site", address: "no-reply@example.org"), retryDelay: 60, logger: app.logger)
    }

    @Test func aMailQueuedInARolledBackTransactionIsNeverSent() async throws {
        try await withApp { app async throws in
            struct Rollback: Error {}
            try? await app.db.transaction { db in
                try await Outbox.enqueue(mail, on: db, now: app.clock.now)
                throw Rollback()
            }
            #expect(try await OutboxMessage.query(on: app.db).count() == 0)
        }
    }

    @Test func dueMailIsSentOnce() async throws {
        try await withApp { app async throws in
            try await Outbox.enqueue(mail, on: app.db, now: app.clock.now)
            let transport = RecordingTransport()
            #expect(try await delivery(app, transport).deliverDue() == 1)
            #expect(try await delivery(app, transport).deliverDue() == 0)
            #expect(transport.sent == [mail])
            let message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(message.sentAt != nil)
            // Sent mail keeps no link that could still be used.
            #expect(message.textBody.isEmpty && message.htmlBody == nil)
            try await OutboxDelivery.removeOld(on: app.db, now: Date().addingTimeInterval(8 * 24 * 3600))
            #expect(try await OutboxMessage.query(on: app.db).count() == 0)
        }
    }

    @Test func aFailingServerLosesNothingAndIsRetriedWithGrowingDelays() async throws {
        try await withApp { app async throws in
            try await Outbox.enqueue(mail, on: app.db, now: app.clock.now)
            let transport = RecordingTransport()
            transport.refuse(times: 2)
            let start = Date()
            #expect(try await delivery(app, transport).deliverDue(now: start) == 0)
            var message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(message.attempts == 1)
            #expect(abs(message.nextAttemptAt.timeIntervalSince(start) - 60) < 1)
            // Not due yet: nothing happens.
            #expect(try await delivery(app, transport).deliverDue(now: start.addingTimeInterval(30)) == 0)
            #expect(try await delivery(app, transport).deliverDue(now: start.addingTimeInterval(61)) == 0)
            message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(message.attempts == 2)
            #expect(abs(message.nextAttemptAt.timeIntervalSince(start.addingTimeInterval(61)) - 120) < 1)
            #expect(try await delivery(app, transport).deliverDue(now: start.addingTimeInterval(200)) == 1)
            #expect(transport.sent == [mail])
        }
    }

    @Test func aPermanentRefusalIsGivenUpAndKept() async throws {
        try await withApp { app async throws in
            try await Outbox.enqueue(mail, on: app.db, now: app.clock.now)
            let transport = RecordingTransport()
            transport.refuse(times: 1, permanently: true)
            try await delivery(app, transport).deliverDue()
            let message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(message.failedAt != nil)
            #expect(message.lastError != nil)
            #expect(try await delivery(app, transport).deliverDue(now: Date().addingTimeInterval(86_400)) == 0)
        }
    }

    @Test func twoWorkersNeverSendTheSameMail() async throws {
        try await withApp { app async throws in
            for index in 0..<20 {
                try await Outbox.enqueue(Mail(to: MailAddress(name: nil, address: "m\(index)@example.org"), subject: "S", text: "T", html: nil), on: app.db, now: app.clock.now)
            }
            let transport = RecordingTransport()
            async let first = delivery(app, transport).deliverDue()
            async let second = delivery(app, transport).deliverDue()
            let total = try await first + second
            #expect(total == 20)
            #expect(transport.sent.count == 20)
            #expect(Set(transport.sent.map(\.to.address)).count == 20)
        }
    }

    @Test func aClaimHeldByAStoppedInstanceExpires() async throws {
        try await withApp { app async throws in
            try await Outbox.enqueue(mail, on: app.db, now: app.clock.now)
            let message = try #require(try await OutboxMessage.query(on: app.db).first())
            let now = Date()
            message.lockedUntil = now.addingTimeInterval(60)
            try await message.save(on: app.db)
            let transport = RecordingTransport()
            #expect(try await delivery(app, transport).deliverDue(now: now) == 0)
            #expect(try await delivery(app, transport).deliverDue(now: now.addingTimeInterval(61)) == 1)
        }
    }

    @Test func smtpURLsAreParsedWithoutEchoingThePassword() throws {
        let configuration = try SMTPConfiguration.parse(url: "smtp://user%40x:s3cr%2Ft@mail.example.org:2525")
        #expect(configuration.host == "mail.example.org")
        #expect(configuration.port == 2525)
        #expect(configuration.username == "user@x")
        #expect(configuration.password == "s3cr/t")
        #expect(configuration.security == .startTLSWhenOffered)
        #expect(try SMTPConfiguration.parse(url: "smtps://mail.example.org").port == 465)
        #expect(!"\(configuration)".contains("s3cr"))
        do {
            _ = try AppConfiguration(environment: ["SMTP_URL": "http://u:hunter2@x"], rootDirectory: repositoryRoot)
            Issue.record("an http URL was accepted")
        } catch {
            #expect(error.variable == "SMTP_URL")
            #expect(!error.description.contains("hunter2"))
        }
    }
}
