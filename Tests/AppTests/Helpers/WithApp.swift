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

/// The configuration every test starts from (`adjust` changes it per test).
func testConfiguration(database: AppConfiguration.DatabaseLocation) -> AppConfiguration {
    AppConfiguration(
        database: database,
        publicURL: URL(string: "http://127.0.0.1:8080")!,
        logLevel: .warning,
        databasePoolSize: 2,
        rootDirectory: repositoryRoot,
        // bcrypt's lowest cost: the rules are the same, the suite just does not wait on hashing.
        passwordHashCost: 4
    )
}

/// Builds the application exactly as the server does, on a fresh migrated database of its own:
/// a copy of the database `TestDatabases` migrated once for the run (an SQLite file on tmpfs, or
/// a PostgreSQL database when `TEST_DATABASE_URL` is set), removed afterwards. `database` puts
/// the application on a database of the test's choosing instead, migrated from where it stands.
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
    let lease = database == nil ? try await TestDatabases.lease() : nil
    var configuration = testConfiguration(database: database ?? lease!.location)
    adjust(&configuration)
    let app: Application
    do {
        app = try await makeTestApplication(environment)
    } catch {
        await lease?.release(true)
        throw error
    }
    app.logger.logLevel = .warning
    func cleanUp(dirty: Bool) async {
        try? await app.asyncShutdown()
        await lease?.release(dirty || !migrations.isEmpty)
    }
    do {
        try await configure(app, with: configuration)
        for statement in lease?.clearing ?? [] {
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        }
        // Time stands still unless the test moves it: no fixed rate-limit window, link or
        // session lifetime can roll over while a test runs.
        app.clock = ManualClock()
        if configuration.smtpURL == nil {
            app.mailTransport = RecordingTransport()
        }
        app.migrations.add(migrations)
        try await app.autoMigrate()
        try await loadSiteSecret(app)
        let result = try await test(app)
        await cleanUp(dirty: false)
        return result
    } catch {
        await cleanUp(dirty: true)
        throw error
    }
}

/// Whether the suite is running against PostgreSQL.
var isPostgresRun: Bool { testPostgresURL != nil }

/// Runs `body` with a second application on `app`'s database, as a second instance (or the same
/// one restarted) would be: configured the same way, with nothing in memory from the first.
@discardableResult
func withSecondInstance<T>(of app: Application, _ body: (Application) async throws -> T) async throws -> T {
    let second = try await makeTestApplication(.testing)
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

/// An application with a blocking-thread pool of its own. Vapor's default is one pool for the
/// whole process (two threads here), and SQLite runs every call on it, waiting out a competing
/// writer there: with hundreds of applications in one test process, two waiters in other tests
/// would hold both threads while the writer they wait for needs one. A server is one application
/// with one connection per event loop, so there one waiter never blocks the writer.
func makeTestApplication(_ environment: Environment = .testing) async throws -> Application {
    let app = try await Application.make(environment)
    app.threadPool = NIOThreadPool(numberOfThreads: 2)
    return app
}
