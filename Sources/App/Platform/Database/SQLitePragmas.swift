import Fluent
import SQLKit
import Vapor

/// Applies the per-connection settings SQLite needs to serve several requests at once.
///
/// FluentSQLiteDriver offers no hook on connection creation, but its pool holds exactly one
/// long-lived connection per event loop, so opening that connection on every loop at start and
/// setting the pragmas there covers every connection the server will use.
enum SQLitePragmas {
    /// WAL lets readers proceed during a write; it is stored in the file, so it is set once.
    static let journalMode = "wal"
    /// Waits (sleeping) for a competing writer instead of SQLiteNIO's default of retrying in a busy loop forever.
    static let busyTimeoutMilliseconds = 5000
    /// Page cache per connection, in KiB (SQLite's default is 2 MiB): a million-member directory's
    /// indexes are read on every search. Two event loops keep the total well inside the memory budget.
    static let cacheKibibytes = 32_768

    static func apply(on app: Application, cacheKibibytes: Int = cacheKibibytes) async throws {
        guard app.databases.ids().contains(.sqlite) else { return }
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let sql = app.databases.database(.sqlite, logger: app.logger, on: eventLoop) as? any SQLDatabase else { continue }
            try await sql.raw("PRAGMA journal_mode = \(unsafeRaw: journalMode)").run()
            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            // Safe with WAL: a crash can lose the last transaction, never corrupt the file.
            try await sql.raw("PRAGMA synchronous = NORMAL").run()
            try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(-cacheKibibytes))").run()
            // Sorts and temporary indexes of a query stay in memory instead of temporary files.
            try await sql.raw("PRAGMA temp_store = MEMORY").run()
        }
    }
}
