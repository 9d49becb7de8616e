import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Connects Fluent to the database named by the configuration: an SQLite file by default,
/// PostgreSQL when `DATABASE_URL` says so.
enum DatabaseSetup {
    static func use(_ location: AppConfiguration.DatabaseLocation, poolSize: Int, on app: Application) throws {
        switch location {
        case .sqliteFile(let path):
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url):
            app.databases.use(
                .postgres(configuration: try SQLPostgresConfiguration(url: url), maxConnectionsPerEventLoop: poolSize, connectionPoolTimeout: .seconds(5), sqlLogLevel: .trace),
                as: .psql
            )
        }
    }
}

/// Opens one connection before anything else touches the database, so an unreachable database
/// stops the start with one clear line rather than a pool's retry log followed by the failure.
public func checkDatabaseConnection(_ app: Application) async throws {
    let quiet = Logger(label: "opendiaspora.startup") { _ in SwiftLogNoOpLogHandler() }
    let database = app.databases.database(logger: quiet, on: app.eventLoopGroup.any())
    guard let sql = database as? any SQLDatabase else { return }
    try await sql.raw("SELECT 1").run()
}
