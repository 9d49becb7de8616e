import Vapor

/// A round of the outbox as a job: sends what is due, then queues the next round for when the
/// next mail is due (a retry, or the rest of a long queue). Queued with every mail, and every few
/// minutes by the schedule in case an instance died holding a round.
struct DeliverDueMail: QueueableJob {
    static let kind = "outbox.deliver-due"
    static let sweep = RecurringJob("mail outbox", .every(minutes: 5), job: DeliverDueMail())

    func run(in application: Application) async throws {
        let delivery = OutboxDelivery(application: application)
        let now = application.clock.now
        let sent = try await delivery.deliverDue(now: now)
        if let next = try await delivery.nextDue(now: now) {
            // A full batch goes on at once; otherwise never sooner than a second from now, so a
            // mail due a fraction of a second after the round (dates are stored to the
            // microsecond) cannot make rounds spin.
            let soonest = sent == OutboxDelivery.batchSize ? now : now.addingTimeInterval(1)
            try await JobQueue.enqueueUnlessWaiting(DeliverDueMail(), at: max(next, soonest), on: application.db)
        }
    }
}
