import Fluent
import Vapor

/// What a feature is given to add its synthetic data to a demonstration database: the size asked
/// for and the seed (the same seed gives the same data), so every feature's demo data is
/// reproducible and sized together.
public struct DemoData: Sendable {
    public let application: Application
    /// How many members the population holds; other features size their data from it.
    public let members: Int
    public let seed: UInt64
    /// Called with the number of members written so far (the population is the long part).
    public let progress: @Sendable (Int) -> Void

    public init(application: Application, members: Int, seed: UInt64, progress: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.application = application
        self.members = members
        self.seed = seed
        self.progress = progress
    }

    public var database: any Database { application.db }

    /// Runs every feature's demo data, in the features' order.
    public func addAll() async throws {
        for feature in application.features {
            try await feature.addDemoData(self)
        }
    }
}
