import Fluent
import Vapor

/// What every feature stands on and no feature owns: rate-limit counters, the outbox, stored
/// media, the site's key, the job queue and the live event log, with the probes, the language
/// switch, media, the API document's and the live event stream's routes.
struct PlatformFeature: Feature {
    func migrations(_ app: Application) -> [any Migration] { [
        CreateRateLimitCounters(),
        CreateMailOutbox(),
        CreateMediaFiles(),
        CreateSiteSecrets(),
        CreateQueuedJobs(),
        CreateRecurringJobs(),
        AddQueuedJobsKindIndex(),
        AddMailOutboxExtraHeaders(),
        CreateLiveEvents(),
    ] }

    func routes(_ app: Application) throws -> [any RouteCollection] {
        let configuration = app.appConfiguration
        return [
            HealthController(health: DatabaseHealth(location: configuration.database, timeout: .seconds(3))),
            LanguageController(),
            MediaController(),
            OpenAPIController(),
            LiveStreamController(),
        ]
    }

    func apiDocument(_ app: Application) -> [APIDocumentPart] { [PlatformAPIDocument.part] }

    var jobs: [any QueueableJob.Type] { [DeliverDueMail.self, HousekeepingJob.self] }

    var recurringJobs: [RecurringJob] { [DeliverDueMail.sweep] }

    var commands: [FeatureCommand] { [FeatureCommand("jobs", JobsCommand())] }

    var housekeeping: [Housekeeping] { [
        Housekeeping("rate-limit counters") { try await RateLimiter(database: $0.db, clock: $0.clock).removeExpired() },
        Housekeeping("sent mail") { try await OutboxDelivery.removeOld(on: $0.db, now: $0.clock.now) },
        Housekeeping("finished jobs") { try await JobQueue.removeOld(on: $0.db, now: $0.clock.now) },
        Housekeeping("live events") { try await LiveEventLog.removeOld(on: $0.db, now: $0.clock.now) },
    ] }
}
