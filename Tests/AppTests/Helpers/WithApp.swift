@testable import App
import Fluent
import Foundation
import SQLKit
import Vapor

/// The repository root, found from this file so tests run from any working directory.
let repositoryRoot: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .path

/// PostgreSQL server for the suite when `TEST_DATABASE_URL` is set; otherwise tests use SQLite.
let testPostgresURL: String? = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

/// Builds the application exactly as the server does, on a fresh migrated database of its own:
/// in-memory SQLite, or a new PostgreSQL schema (dropped afterwards) when `TEST_DATABASE_URL` is set.
/// VaporTesting has a `withApp` too, which wins where it is visible: test files therefore do not
/// `import VaporTesting` (only helpers do); `app.testing()` is available to them all the same.
@discardableResult
func withApp<T>(
    database: AppConfiguration.DatabaseLocation? = nil,
    environment: Environment = .testing,
    migrations: [any Migration] = [],
    adjust: (inout AppConfiguration) -> Void = { _ in },
    _ test: (Application) async throws -> T
) async throws -> T {
    let schema = "test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
    let location = database ?? testPostgresURL.map { .postgres(url: $0, searchPath: [schema]) } ?? .sqliteMemory
    var configuration = AppConfiguration(
        database: location,
        publicURL: URL(string: "http://127.0.0.1:8080")!,
        logLevel: .warning,
        databasePoolSize: 2,
        rootDirectory: repositoryRoot,
        // bcrypt's lowest cost: the rules are the same, the suite just does not wait on hashing.
        passwordHashCost: 4
    )
    adjust(&configuration)
    let app = try await Application.make(environment)
    app.logger.logLevel = .warning
    let usesOwnSchema = database == nil && testPostgresURL != nil
    func cleanUp() async {
        if usesOwnSchema {
            try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
        }
        try? await app.asyncShutdown()
    }
    do {
        try await configure(app, with: configuration)
        // Time stands still unless the test moves it: no fixed rate-limit window, link or
        // session lifetime can roll over while a test runs.
        app.clock = ManualClock()
        if configuration.smtpURL == nil {
            app.mailTransport = RecordingTransport()
        }
        if usesOwnSchema {
            try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: schema)").run()
        }
        app.migrations.add(migrations)
        try await app.autoMigrate()
        try await loadSiteSecret(app)
        let result = try await test(app)
        await cleanUp()
        return result
    } catch {
        await cleanUp()
        throw error
    }
}

/// Whether the suite is running against PostgreSQL.
var isPostgresRun: Bool { testPostgresURL != nil }

/// Where a test that needs two applications on one database puts it: `nil` (withApp's own
/// PostgreSQL schema) on a PostgreSQL run, else an SQLite file (in-memory databases are not shared).
func sharedDatabase() -> AppConfiguration.DatabaseLocation? {
    isPostgresRun ? nil : .sqliteFile(path: NSTemporaryDirectory() + "opendiaspora-\(UUID().uuidString).sqlite")
}

/// Runs `body` with a second application on `app`'s database, as a second instance (or the same
/// one restarted) would be: configured the same way, with nothing in memory from the first.
@discardableResult
func withSecondInstance<T>(of app: Application, _ body: (Application) async throws -> T) async throws -> T {
    let second = try await Application.make(.testing)
    second.logger.logLevel = .warning
    do {
        try await configure(second, with: app.appConfiguration)
        second.mailTransport = RecordingTransport()
        second.clock = app.clock
        let result = try await body(second)
        try await second.asyncShutdown()
        return result
    } catch {
        try? await second.asyncShutdown()
        throw error
    }
}

/// Removes what `sharedDatabase()` left on disk.
func removeSharedDatabase(_ location: AppConfiguration.DatabaseLocation?) {
    guard case .sqliteFile(let path) = location else { return }
    for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: path + suffix)
    }
}
