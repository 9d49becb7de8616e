import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Queues each recurring job once per period across every instance. Each instance asks the
/// database only when it sees a new period begin; the conditional upsert of the job's row lets
/// one instance win the period, and the job is queued in the same transaction, so a restart or
/// a second instance never queues it twice for one period.
public final class RecurringJobScheduler: Sendable {
    let jobs: [RecurringJob]
    /// The period each job was last settled for by this instance, won or lost.
    private let settled = NIOLockedValueBox<[String: Date]>([:])

    public init(jobs: [RecurringJob]) {
        self.jobs = jobs
    }

    /// Queues the jobs whose period has begun and not been queued yet; returns their names.
    @discardableResult
    public func enqueueDue(on database: any Database, now: Date) async throws -> [String] {
        var queued: [String] = []
        for job in jobs {
            let period = job.schedule.periodStart(containing: now)
            if settled.withLockedValue({ $0[job.name] }) == period { continue }
            let won = try await database.writeTransaction { transaction in
                let sql = transaction as! any SQLDatabase
                let row = try await sql.raw("""
                    INSERT INTO recurring_jobs (name, last_period, queued_at) VALUES (\(bind: job.name), \(bind: period), \(bind: now))
                    ON CONFLICT (name) DO UPDATE SET last_period = excluded.last_period, queued_at = excluded.queued_at
                    WHERE recurring_jobs.last_period < excluded.last_period
                    RETURNING name
                    """).first()
                guard row != nil else { return false }
                try await job.enqueue(now, transaction)
                return true
            }
            settled.withLockedValue { $0[job.name] = period }
            if won { queued.append(job.name) }
        }
        return queued
    }
}

extension Application {
    private struct RecurringJobsKey: StorageKey { typealias Value = [RecurringJob] }

    /// Every feature's recurring jobs, housekeeping included, as installed.
    public internal(set) var recurringJobs: [RecurringJob] {
        get { storage[RecurringJobsKey.self] ?? [] }
        set { storage[RecurringJobsKey.self] = newValue }
    }
}
