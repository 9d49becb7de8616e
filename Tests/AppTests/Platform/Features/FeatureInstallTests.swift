@testable import App
import Fluent
import Testing
import Vapor

@Suite("Installing features")
struct FeatureInstallTests {
    struct CreateThings: AsyncMigration {
        func prepare(on database: any Database) async throws {}
        func revert(on database: any Database) async throws {}
    }

    struct First: Feature {
        func migrations(_ app: Application) -> [any Migration] { [CreateThings()] }
    }

    struct Second: Feature {
        func migrations(_ app: Application) -> [any Migration] { [CreateThings()] }
    }

    @Test func aMigrationListedByTwoFeaturesStopsTheStart() async throws {
        let app = try await makeTestApplication(.testing)
        #expect(throws: FeatureInstallError.self) { try app.install([First(), Second()]) }
        try await app.asyncShutdown()
    }

    @Test func featuresAreKeptInTheirOrderAndMigrationsWithThem() async throws {
        try await withApp { app in
            let names = app.features.map { String(describing: type(of: $0)) }
            #expect(names.first == "PlatformFeature")
            #expect(names.count == Set(names).count, "each feature is listed once")
            let listed = app.features.flatMap { $0.migrations(app) }.map(\.name)
            #expect(listed.count == Set(listed).count)
        }
    }
}
