import Vapor

/// Runs one feature's housekeeping task, found by name: housekeeping is recurring work on the
/// queue, so one instance does each round and a failed round is retried like any job.
struct HousekeepingJob: QueueableJob {
    static let kind = "platform.housekeeping"
    /// How often each housekeeping task runs.
    static let schedule = RecurringSchedule.every(minutes: 10)

    let name: String

    func run(in application: Application) async throws {
        guard let task = application.housekeeping.first(where: { $0.name == name }) else {
            // Queued by an instance of another version that still had this task: nothing to do.
            application.logger.notice("housekeeping task not known to this version", metadata: ["task": "\(name)"])
            return
        }
        try await task.run(application)
    }

    /// The recurring job that runs a housekeeping task.
    static func recurring(_ task: Housekeeping) -> RecurringJob {
        RecurringJob("housekeeping: \(task.name)", schedule, job: HousekeepingJob(name: task.name))
    }
}
