import Fluent
import Foundation
import SQLKit

/// A unit of work written to the database to be done after the request that asked for it has
/// been answered: by whichever instance claims it first, retried with a doubling delay when it
/// fails, kept for the operator when it keeps failing.
final class QueuedJob: Model, @unchecked Sendable {
    static let schema = "queued_jobs"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    /// Which registered `QueueableJob` type decodes and runs the payload.
    @Field(key: "kind") var kind: String
    /// The job's own fields, as JSON.
    @Field(key: "payload") var payload: String
    @Field(key: "attempts") var attempts: Int
    /// Not run before then.
    @Field(key: "run_at") var runAt: Date
    /// Claimed by an instance until then; another instance skips it meanwhile.
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    /// Given up on after too many failures; kept for the operator.
    @OptionalField(key: "failed_at") var failedAt: Date?
    @OptionalField(key: "last_error") var lastError: String?

    init() {}

    init(kind: String, payload: String, runAt: Date) {
        self.kind = kind
        self.payload = payload
        self.attempts = 0
        self.runAt = runAt
    }
}

struct CreateQueuedJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(QueuedJob.schema)
            .id()
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("attempts", .int, .required)
            .field("run_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("failed_at", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime)
            .create()
        // The worker's question: what is due, oldest first.
        try await (database as! any SQLDatabase).create(index: "queued_jobs_run_at").on(QueuedJob.schema).column("run_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(QueuedJob.schema).delete()
    }
}

/// For the questions asked by kind: is one of this kind already waiting, and the `jobs` report.
struct AddQueuedJobsKindIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "queued_jobs_kind").on(QueuedJob.schema).column("kind").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "queued_jobs_kind").run()
    }
}
