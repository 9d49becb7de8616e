@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Mail delivery on the job queue")
struct DeliverDueMailTests {
    func mail(_ number: Int) -> Mail {
        Mail(to: MailAddress(name: nil, address: "member\(number)@example.org"), subject: "Hello \(number)", text: "Text", html: nil)
    }

    @Test func mailQueuedTogetherIsSentByOneRound() async throws {
        try await withApp { app async throws in
            try await app.db.transaction { db in
                for number in 1...30 { try await Outbox.enqueue(mail(number), on: db, now: app.clock.now) }
            }
            #expect(try await QueuedJob.query(on: app.db).filter(\.$kind == DeliverDueMail.kind).count() == 1)
            let sent = try await outbox(app)
            #expect(Set(sent.map(\.subject)) == Set((1...30).map { "Hello \($0)" }), "all of them, beyond one batch")
            #expect(sent.count == 30, "each once")
            #expect(try await QueuedJob.query(on: app.db).count() == 0, "no round left once nothing waits")
        }
    }

    @Test func aRefusedMailIsTriedAgainByARoundQueuedForItsRetry() async throws {
        try await withApp { app async throws in
            let clock = ManualClock()
            app.clock = clock
            let transport = try #require(app.mailTransport as? RecordingTransport)
            transport.refuse(times: 1)
            try await Outbox.enqueue(mail(1), on: app.db, now: clock.now)
            try await runQueuedJobs(app)
            #expect(transport.sent.isEmpty)
            let retry = try #require(try await QueuedJob.query(on: app.db).filter(\.$kind == DeliverDueMail.kind).first())
            let message = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(abs(retry.runAt.timeIntervalSince(message.nextAttemptAt)) < 1.01, "the next round waits for the mail's retry time")
            #expect(retry.runAt > clock.now)
            try await runQueuedJobs(app)
            #expect(transport.sent.isEmpty, "not before its time")
            clock.set(retry.runAt)
            try await runQueuedJobs(app)
            #expect(transport.sent.map(\.subject) == ["Hello 1"])
        }
    }

    @Test func mailWaitingFromBeforeTheUpgradeIsSentByTheSweep() async throws {
        try await withApp { app async throws in
            // As an outbox row written by an earlier version is: no round queued with it.
            try await OutboxMessage(mail(7), now: app.clock.now).create(on: app.db)
            let queued = try await RecurringJobScheduler(jobs: [DeliverDueMail.sweep]).enqueueDue(on: app.db, now: app.clock.now)
            #expect(queued == [DeliverDueMail.sweep.name])
            #expect(try await outbox(app).map(\.subject) == ["Hello 7"])
        }
    }
}
