import Fluent
import Foundation

/// The last period for which a recurring job was queued, one row per job: the row every instance
/// updates conditionally, so exactly one of them queues the job for a period.
final class RecurringJobRecord: Model, @unchecked Sendable {
    static let schema = "recurring_jobs"

    @ID(custom: "name", generatedBy: .user) var id: String?
    @Field(key: "last_period") var lastPeriod: Date
    @Field(key: "queued_at") var queuedAt: Date

    init() {}
}

struct CreateRecurringJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RecurringJobRecord.schema)
            .field("name", .string, .identifier(auto: false))
            .field("last_period", .datetime, .required)
            .field("queued_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecurringJobRecord.schema).delete()
    }
}
