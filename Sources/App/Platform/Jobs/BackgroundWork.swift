import Vapor

/// The worker each `serve` runs: every few seconds it queues the recurring jobs whose period has
/// begun, then runs what is due on the queue (mail delivery and housekeeping included). Safe on
/// every instance at once: the queue and the schedule each give a piece of work to one instance.
/// Commands and tests do not start it.
public final class BackgroundWork: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?
    let pollInterval: Duration

    public init(pollInterval: Duration = .seconds(2)) {
        self.pollInterval = pollInterval
    }

    public func didBootAsync(_ application: Application) async throws {
        let interval = pollInterval
        let scheduler = RecurringJobScheduler(jobs: application.recurringJobs)
        task = Task.detached {
            while !Task.isCancelled {
                do {
                    try await scheduler.enqueueDue(on: application.db, now: application.clock.now)
                    let queue = JobQueue(application: application)
                    // Until a round does nothing: a job may queue another that is due at once.
                    while try await queue.runDue() > 0, !Task.isCancelled {}
                } catch {
                    application.logger.error("background work failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    public func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
    }
}
