import Fluent
import SQLKit
import Vapor

/// Work a feature hands to the queue: its fields are stored as JSON and `run` is called later by
/// a worker of any instance, with no request at hand.
public protocol QueueableJob: Codable, Sendable {
    /// Names the kind in the table; never renamed while jobs of it may be waiting.
    static var kind: String { get }
    /// Does the work; throwing retries it later. A claim lasts `JobQueue.claimDuration`: a job
    /// that may run longer must be safe to run twice.
    func run(in application: Application) async throws
}

/// The database-backed job queue: `enqueue` on the handle of the transaction that decided the
/// work (so work is queued exactly when the decision is kept), `runDue` from the background
/// worker. Safe with several instances: each job is claimed by one atomic update before it runs
/// (on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so workers do not queue behind each other's
/// claims), and a claim expires, so a job held by an instance that died runs again.
public struct JobQueue: Sendable {
    public static let maximumAttempts = 10
    public static let claimDuration: TimeInterval = 5 * 60
    static let batchSize = 20
    static let firstRetryDelay: TimeInterval = 30
    static let longestRetryDelay: TimeInterval = 6 * 3600

    let application: Application

    public init(application: Application) {
        self.application = application
    }

    /// Queues a job to run as soon as a worker is free (or after `delay`).
    public static func enqueue<Job: QueueableJob>(_ job: Job, delay: TimeInterval = 0, on database: any Database, now: Date) async throws {
        try await enqueue(job, at: now.addingTimeInterval(delay), on: database)
    }

    /// Queues a job not to run before `runAt`.
    public static func enqueue<Job: QueueableJob>(_ job: Job, at runAt: Date, on database: any Database) async throws {
        let payload = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
        try await QueuedJob(kind: Job.kind, payload: payload, runAt: runAt).create(on: database)
    }

    /// Queues a job of a kind that needs no fields and where one waiting job is enough (a round
    /// over a table): if one of its kind already waits, it is moved earlier when `runAt` is
    /// sooner, and nothing is added.
    public static func enqueueUnlessWaiting<Job: QueueableJob>(_ job: Job, at runAt: Date, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let waiting = try await sql.raw("""
            UPDATE queued_jobs SET run_at = CASE WHEN run_at > \(bind: runAt) THEN \(bind: runAt) ELSE run_at END
            WHERE kind = \(bind: Job.kind) AND failed_at IS NULL AND locked_until IS NULL
            RETURNING id
            """).all()
        if waiting.isEmpty {
            try await enqueue(job, at: runAt, on: database)
        }
    }

    /// Runs due jobs, one claim at a time, until none is due or a batch is done; returns how many
    /// succeeded. A job queued by a job of the batch runs in the same batch when it is due.
    @discardableResult
    public func runDue(now: Date? = nil) async throws -> Int {
        let now = now ?? application.clock.now
        var done = 0
        for _ in 0..<Self.batchSize {
            guard let job = try await claimNext(now: now) else { break }
            if try await run(job, now: now) { done += 1 }
        }
        return done
    }

    struct ClaimedJob {
        let id: UUID
        let kind: String
        let payload: String
        let attempts: Int
    }

    /// Takes the oldest due job for this worker, or `nil` when none is left to take.
    private func claimNext(now: Date) async throws -> ClaimedJob? {
        let sql = application.db as! any SQLDatabase
        let skipLocked = sql.dialect.name == "postgresql" ? "FOR UPDATE SKIP LOCKED" : ""
        let row = try await sql.raw("""
            UPDATE queued_jobs SET locked_until = \(bind: now.addingTimeInterval(Self.claimDuration)), attempts = attempts + 1
            WHERE id = (
                SELECT id FROM queued_jobs
                WHERE failed_at IS NULL AND run_at <= \(bind: now) AND (locked_until IS NULL OR locked_until < \(bind: now))
                ORDER BY run_at LIMIT 1 \(unsafeRaw: skipLocked)
            )
            AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < \(bind: now))
            RETURNING id, kind, payload, attempts
            """).first()
        guard let row else { return nil }
        return ClaimedJob(
            id: try row.decode(column: "id", as: UUID.self),
            kind: try row.decode(column: "kind", as: String.self),
            payload: try row.decode(column: "payload", as: String.self),
            attempts: try row.decode(column: "attempts", as: Int.self)
        )
    }

    private func run(_ job: ClaimedJob, now: Date) async throws -> Bool {
        let database = application.db
        let stored = QueuedJob.query(on: database).filter(\.$id == job.id)
        guard let runner = application.jobKinds.runner(for: job.kind) else {
            // Queued by a newer instance during a rolling deploy: left for an instance that knows it.
            try await stored.set(\.$attempts, to: job.attempts - 1).set(\.$lockedUntil, to: nil)
                .set(\.$runAt, to: now.addingTimeInterval(60)).update()
            application.logger.warning("job of an unknown kind left for another instance", metadata: ["kind": "\(job.kind)"])
            return false
        }
        do {
            try await runner(Data(job.payload.utf8), application)
            try await stored.delete()
            return true
        } catch {
            let lastError = String(String(describing: error).prefix(500))
            let metadata: Logger.Metadata = ["job_id": "\(job.id.uuidString)", "kind": "\(job.kind)", "attempts": "\(job.attempts)"]
            if error is DecodingError || job.attempts >= Self.maximumAttempts {
                // Kept for the operator by kind and error; its fields (an address, a password hash) go.
                try await stored.set(\.$failedAt, to: now).set(\.$payload, to: "").set(\.$lastError, to: lastError)
                    .set(\.$lockedUntil, to: nil).update()
                application.logger.error("job given up", metadata: metadata)
            } else {
                try await stored.set(\.$runAt, to: now.addingTimeInterval(Self.retryDelay(afterAttempt: job.attempts)))
                    .set(\.$lastError, to: lastError).set(\.$lockedUntil, to: nil).update()
                application.logger.warning("job failed, will retry", metadata: metadata)
            }
            return false
        }
    }

    /// Doubling from `firstRetryDelay`, at most `longestRetryDelay`.
    static func retryDelay(afterAttempt attempt: Int) -> TimeInterval {
        min(firstRetryDelay * pow(2, Double(max(0, attempt - 1))), longestRetryDelay)
    }

    /// Deletes jobs given up on after a month.
    public static func removeOld(on database: any Database, now: Date = Date()) async throws {
        try await QueuedJob.query(on: database).filter(\.$failedAt < now.addingTimeInterval(-30 * 24 * 3600)).delete()
    }
}
