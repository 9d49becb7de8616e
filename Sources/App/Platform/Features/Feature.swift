import Fluent
import Vapor

/// One capability of the platform as one value: everything it adds to the application is named
/// here, so adding a feature is writing its folder and one line in `configure`'s feature list.
/// Every requirement has an empty default; a feature states only what it has.
public protocol Feature: Sendable {
    /// Sets up what the feature's routes, jobs and other features use (services, stores,
    /// observers). Runs before any migration or route, in the list's order.
    func prepare(_ app: Application) throws

    /// The schema changes the feature owns, in the order they run. Append only: a landed
    /// migration is never edited, renamed or reordered (databases in the field have run it).
    func migrations(_ app: Application) -> [any Migration]

    /// The feature's pages and API routes.
    func routes(_ app: Application) throws -> [any RouteCollection]

    /// The feature's part of the API document served at `/api/v1/openapi.json`: its paths and
    /// schemas, next to its API code, with limits taken from the validation's constants.
    /// `install` joins every feature's parts in the list's order (see `APIDocumentAssembly`).
    func apiDocument(_ app: Application) -> [APIDocumentPart]

    /// The kinds of job the feature queues, so any instance's worker can run them.
    var jobs: [any QueueableJob.Type] { get }

    /// Jobs queued on a schedule (a digest every morning…), each once per period across instances.
    var recurringJobs: [RecurringJob] { get }

    /// The recurring jobs as installed: `recurringJobs` unless a feature's schedule depends on
    /// the configuration (how often the digest job looks), which it reads from `app` here.
    func recurringJobs(_ app: Application) -> [RecurringJob]

    /// Work done every few minutes while the server runs (removing what has expired…): a
    /// recurring job on the queue, named after the task.
    var housekeeping: [Housekeeping] { get }

    /// Commands the feature adds to the `opendiaspora` executable, by name.
    var commands: [FeatureCommand] { get }

    /// Adds the feature's synthetic data to a demonstration database, after the features before it.
    func addDemoData(_ demo: DemoData) async throws
}

extension Feature {
    public func prepare(_ app: Application) throws {}
    public func migrations(_ app: Application) -> [any Migration] { [] }
    public func routes(_ app: Application) throws -> [any RouteCollection] { [] }
    public func apiDocument(_ app: Application) -> [APIDocumentPart] { [] }
    public var jobs: [any QueueableJob.Type] { [] }
    public var recurringJobs: [RecurringJob] { [] }
    public func recurringJobs(_ app: Application) -> [RecurringJob] { recurringJobs }
    public var housekeeping: [Housekeeping] { [] }
    public var commands: [FeatureCommand] { [] }
    public func addDemoData(_ demo: DemoData) async throws {}
}

/// A housekeeping task: named so a failure in the log says which one failed.
public struct Housekeeping: Sendable {
    public let name: String
    public let run: @Sendable (Application) async throws -> Void

    public init(_ name: String, run: @escaping @Sendable (Application) async throws -> Void) {
        self.name = name
        self.run = run
    }
}

/// A command a feature adds, under the name typed after `opendiaspora`.
public struct FeatureCommand: Sendable {
    public let name: String
    public let command: any AsyncCommand & Sendable

    public init(_ name: String, _ command: any AsyncCommand & Sendable) {
        self.name = name
        self.command = command
    }
}
