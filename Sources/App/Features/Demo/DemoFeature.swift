import Fluent
import Vapor

/// Demonstration data: the `seed-demo` command and `serve --demo`, and the synthetic member
/// population every later feature's demo data is built around. Listed after Profiles (it writes
/// members and profiles) and before the features whose demo data uses members.
struct DemoFeature: Feature {
    var commands: [FeatureCommand] { [FeatureCommand("seed-demo", SeedDemoCommand())] }

    func addDemoData(_ demo: DemoData) async throws {
        try await DemoSeeder(database: demo.database, reference: demo.application.referenceData)
            .seed(members: demo.members, seed: demo.seed) { demo.progress($0) }
    }
}

/// `serve --demo`: fills an empty database with a small demo population (nothing when members exist).
public func seedDemoIfEmpty(_ app: Application, members: Int = 300) async throws {
    guard try await Member.query(on: app.db).count() == 0 else { return }
    try await DemoData(application: app, members: members, seed: 1).addAll()
    app.logger.notice("Added \(members) demo members (demo.1.N@example.invalid; they cannot sign in).")
}
