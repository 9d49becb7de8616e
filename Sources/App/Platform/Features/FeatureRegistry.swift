import Fluent
import Vapor

extension Application {
    private struct FeaturesKey: StorageKey { typealias Value = [any Feature] }
    private struct HousekeepingKey: StorageKey { typealias Value = [Housekeeping] }

    /// The features `configure` installed, in dependency order.
    public internal(set) var features: [any Feature] {
        get { storage[FeaturesKey.self] ?? [] }
        set { storage[FeaturesKey.self] = newValue }
    }

    /// Every feature's housekeeping, run now and then by the background worker.
    public internal(set) var housekeeping: [Housekeeping] {
        get { storage[HousekeepingKey.self] ?? [] }
        set { storage[HousekeepingKey.self] = newValue }
    }

    /// Hands each feature's parts to the application: services first (in order, so a feature can
    /// use those of the features before it), then migrations as one ordered list, jobs,
    /// recurring jobs and housekeeping, commands, routes, and the API document from every
    /// feature's part (built once here, so every request is served the same bytes).
    func install(_ features: [any Feature]) throws {
        self.features = features
        for feature in features {
            try feature.prepare(self)
        }
        var migrationNames = Set<String>()
        for feature in features {
            let migrations = feature.migrations(self)
            for migration in migrations where !migrationNames.insert(migration.name).inserted {
                throw FeatureInstallError.duplicateMigration(migration.name)
            }
            self.migrations.add(migrations)
        }
        for feature in features {
            for job in feature.jobs { jobKinds.register(job) }
            housekeeping += feature.housekeeping
            recurringJobs += feature.recurringJobs(self) + feature.housekeeping.map(HousekeepingJob.recurring)
            for command in feature.commands { asyncCommands.use(command.command, as: command.name) }
        }
        var recurringNames = Set<String>()
        for job in recurringJobs where !recurringNames.insert(job.name).inserted {
            throw FeatureInstallError.duplicateRecurringJob(job.name)
        }
        for feature in features {
            for collection in try feature.routes(self) {
                try register(collection: collection)
            }
        }
        let parts = features.flatMap { feature in
            feature.apiDocument(self).map { APIDocumentAssembly.OwnedPart(feature: String(describing: type(of: feature)), part: $0) }
        }
        (apiDocument, openAPIDocument) = try APIDocumentAssembly.build(parts)
    }
}

/// Why the features could not be installed; each is a programming error caught at start.
enum FeatureInstallError: Error, CustomStringConvertible {
    case duplicateMigration(String)
    case duplicateRecurringJob(String)

    var description: String {
        switch self {
        case .duplicateMigration(let name): "the migration \(name) is listed twice"
        case .duplicateRecurringJob(let name): "two recurring jobs are named \(name)"
        }
    }
}
