import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Work a feature hands to the queue: its fields are stored as JSON and `run` is called later by
/// a worker of any instance, with no request at hand.
public protocol QueueableJob: Codable, Sendable {
    /// Names the kind in the table; never renamed while jobs of it may be waiting.
    static var kind: String { get }
    /// Does the work; throwing retries it later.
    func run(in application: Application) async throws
}

/// The database-backed job queue: `enqueue` on the handle of the transaction that decided the
/// work (so work is queued exactly when the decision is kept), `runDue` from the background
/// worker. Safe with several instances: each job is claimed by an atomic conditional update
/// before it runs, and a claim expires, so a job held by an instance that died runs again.
public struct JobQueue: Sendable {
    public static let maximumAttempts = 10
    static let claimDuration: TimeInterval = 5 * 60
    static let batchSize = 20
    static let firstRetryDelay: TimeInterval = 30

    let application: Application

    public init(application: Application) {
        self.application = application
    }

    /// Queues a job to run as soon as a worker is free (or after `delay`).
    public static func enqueue<Job: QueueableJob>(_ job: Job, delay: TimeInterval = 0, on database: any Database, now: Date = Date()) async throws {
        let payload = String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
        try await QueuedJob(kind: Job.kind, payload: payload, runAt: now.addingTimeInterval(delay)).create(on: database)
    }

    /// Runs one batch of due jobs; returns how many succeeded.
    @discardableResult
    public func runDue(now: Date = Date()) async throws -> Int {
        let database = application.db
        let candidates = try await QueuedJob.query(on: database)
            .filter(\.$failedAt == nil)
            .filter(\.$runAt <= now)
            .group(.or) { $0.filter(\.$lockedUntil == nil).filter(\.$lockedUntil < now) }
            .sort(\.$runAt)
            .limit(Self.batchSize)
            .all(\.$id)
        var done = 0
        for id in candidates {
            guard let job = try await claim(id, now: now, on: database) else { continue }
            if try await run(job, now: now, on: database) { done += 1 }
        }
        return done
    }

    private func claim(_ id: UUID, now: Date, on database: any Database) async throws -> QueuedJob? {
        let claimed = try await (database as! any SQLDatabase).raw("""
            UPDATE queued_jobs SET locked_until = \(bind: now.addingTimeInterval(Self.claimDuration)), attempts = attempts + 1
            WHERE id = \(bind: id) AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < \(bind: now))
            RETURNING id
            """).first()
        guard claimed != nil else { return nil }
        return try await QueuedJob.find(id, on: database)
    }

    private func run(_ job: QueuedJob, now: Date, on database: any Database) async throws -> Bool {
        guard let runner = application.jobKinds.runner(for: job.kind) else {
            // Queued by a newer instance during a rolling deploy: left for an instance that knows it.
            job.attempts -= 1
            job.lockedUntil = nil
            job.runAt = now.addingTimeInterval(60)
            try await job.save(on: database)
            application.logger.warning("job of an unknown kind left for another instance", metadata: ["kind": "\(job.kind)"])
            return false
        }
        do {
            try await runner(Data(job.payload.utf8), application)
            try await job.delete(on: database)
            return true
        } catch {
            job.lastError = String(String(describing: error).prefix(500))
            job.lockedUntil = nil
            let metadata: Logger.Metadata = ["job_id": "\(job.id?.uuidString ?? "")", "kind": "\(job.kind)", "attempts": "\(job.attempts)"]
            if error is DecodingError || job.attempts >= Self.maximumAttempts {
                job.failedAt = now
                // Kept for the operator by kind and error; its fields (an address, a password hash) go.
                job.payload = ""
                application.logger.error("job given up", metadata: metadata)
            } else {
                job.runAt = now.addingTimeInterval(min(Self.firstRetryDelay * pow(2, Double(job.attempts - 1)), 6 * 3600))
                application.logger.warning("job failed, will retry", metadata: metadata)
            }
            try await job.save(on: database)
            return false
        }
    }

    /// Deletes jobs given up on after a month.
    public static func removeOld(on database: any Database, now: Date = Date()) async throws {
        try await QueuedJob.query(on: database).filter(\.$failedAt < now.addingTimeInterval(-30 * 24 * 3600)).delete()
    }
}

/// The job types the application knows, by kind, registered while it is configured.
public final class JobKinds: Sendable {
    typealias Runner = @Sendable (Data, Application) async throws -> Void
    private let runners = NIOLockedValueBox<[String: Runner]>([:])

    public func register<Job: QueueableJob>(_ type: Job.Type) {
        runners.withLockedValue {
            $0[Job.kind] = { data, application in try await JSONDecoder().decode(Job.self, from: data).run(in: application) }
        }
    }

    func runner(for kind: String) -> Runner? {
        runners.withLockedValue { $0[kind] }
    }
}

extension Application {
    private struct JobKindsKey: StorageKey { typealias Value = JobKinds }

    public var jobKinds: JobKinds {
        if let kinds = storage[JobKindsKey.self] { return kinds }
        let kinds = JobKinds()
        storage[JobKindsKey.self] = kinds
        return kinds
    }
}
