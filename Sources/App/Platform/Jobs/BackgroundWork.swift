import Vapor

/// Work the server does on its own while it runs: queued jobs and the outbox every few seconds and,
/// less often, housekeeping. Started by `serve` only (commands and tests do not send mail by
/// themselves); safe to run on every instance at once.
public final class BackgroundWork: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?
    let pollInterval: Duration
    let housekeepingEvery: Int
    /// Jobs that run less often, registered by features (expired sessions, counters…).
    let housekeeping: [@Sendable (Application) async throws -> Void]

    public init(pollInterval: Duration = .seconds(2), housekeepingEvery: Int = 300, housekeeping: [@Sendable (Application) async throws -> Void]) {
        self.pollInterval = pollInterval
        self.housekeepingEvery = housekeepingEvery
        self.housekeeping = housekeeping
    }

    public func didBootAsync(_ application: Application) async throws {
        let interval = pollInterval, every = housekeepingEvery, jobs = housekeeping
        task = Task.detached {
            var tick = 0
            while !Task.isCancelled {
                do {
                    // Jobs first: the mail a job queues goes out in the same round.
                    try await JobQueue(application: application).runDue()
                    try await OutboxDelivery(application: application).deliverDue()
                    if tick % every == 0 {
                        for job in jobs { try await job(application) }
                    }
                } catch {
                    application.logger.error("background work failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                tick += 1
                try? await Task.sleep(for: interval)
            }
        }
    }

    public func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
    }
}
