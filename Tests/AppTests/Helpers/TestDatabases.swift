@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Each test's fresh database, made by copying a database that was migrated once for the whole
/// test process, so a test's setup costs the same however many migrations the features list.
///
/// SQLite: the template is a file on tmpfs (`/dev/shm` where there is one), copied per test.
/// PostgreSQL: the template is a database, cloned per test with `CREATE DATABASE … TEMPLATE`
/// (a file-level copy) and dropped when the test ends.
enum TestDatabases {
    /// A new database for one test, and how to remove it afterwards.
    struct Lease: Sendable {
        let location: AppConfiguration.DatabaseLocation
        /// Run on the database before the test uses it: a reused one is emptied first.
        let clearing: [String]
        /// Gives the database back; `dirty` when the test changed its schema (extra migrations)
        /// or failed, so it is not reused as it is.
        let release: @Sendable (_ dirty: Bool) async -> Void
    }

    /// Where the copies go: memory-backed when the machine has it, so a copy is not a disk write.
    static let folder: String = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()

    static func lease() async throws -> Lease {
        if testPostgresURL != nil {
            return try await postgresLease()
        }
        let template = try await sqliteTemplate.value
        let path = folder + "opendiaspora-test-\(UUID().uuidString).sqlite"
        try FileManager.default.copyItem(atPath: template, toPath: path)
        return Lease(location: .sqliteFile(path: path), clearing: [], release: { _ in removeSQLiteFiles(at: path) })
    }

    static func removeSQLiteFiles(at path: String) {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    // MARK: - SQLite

    /// Made by the first test that asks; every later one waits for the same task.
    static let sqliteTemplate = Task<String, any Error> {
        let path = sqliteTemplatePath(pid: getpid())
        removeSQLiteFiles(at: path)
        // The template is gone when the process ends; a copy outlives nothing but its test.
        atexit { TestDatabases.removeSQLiteFiles(at: TestDatabases.sqliteTemplatePath(pid: getpid())) }
        try await migrateTemplate(at: .sqliteFile(path: path)) { sql in
            // Everything in the main file, so a plain file copy holds the whole schema.
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        }
        return path
    }

    static func sqliteTemplatePath(pid: Int32) -> String {
        folder + "opendiaspora-test-template-\(pid).sqlite"
    }

    // MARK: - PostgreSQL

    /// A connection to the database `TEST_DATABASE_URL` names, kept for the whole run: it made the
    /// template and creates and drops the pool's databases.
    struct PostgresServer: Sendable {
        let admin: Application
        let template: String
        let baseURL: URLComponents
        /// What empties a used database back to the template's state, in an order foreign keys accept.
        let clearing: [String]

        var sql: any SQLDatabase { admin.db as! any SQLDatabase }

        func url(database: String) -> String {
            var components = baseURL
            components.path = "/" + database
            return components.string ?? ""
        }
    }

    static let postgresPool = Task<PostgresDatabasePool, any Error> {
        guard let url = testPostgresURL, let components = URLComponents(string: url) else {
            throw TestDatabaseError.badURL
        }
        let admin = try await makeTestApplication(.testing)
        admin.logger.logLevel = .warning
        try DatabaseSetup.use(.postgres(url: url), poolSize: 1, on: admin)
        // Unique per run: several suites may share one PostgreSQL server.
        let template = "odtpl_\(getpid())_\(shortID())"
        try await (admin.db as! any SQLDatabase).raw("CREATE DATABASE \(ident: template)").run()
        var clearing: [String] = []
        try await migrateTemplate(at: .postgres(url: PostgresServer(admin: admin, template: template, baseURL: components, clearing: []).url(database: template))) { sql in
            clearing = try await clearingStatements(sql)
        }
        let pool = PostgresDatabasePool(server: PostgresServer(admin: admin, template: template, baseURL: components, clearing: clearing))
        postgresPoolToDrop = pool
        atexit(dropPostgresDatabases)
        return pool
    }

    static func postgresLease() async throws -> Lease {
        let pool = try await postgresPool.value
        let (name, used) = try await pool.acquire()
        let server = await pool.server
        return Lease(location: .postgres(url: server.url(database: name)), clearing: used ? server.clearing : [], release: { dirty in
            await pool.release(name, dirty: dirty)
        })
    }

    /// DELETE for every table but the migration log (children before parents), and a restart for
    /// every sequence: cheaper than TRUNCATE, which replaces each table's files.
    static func clearingStatements(_ sql: any SQLDatabase) async throws -> [String] {
        let tables = try await sql.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_fluent_migrations'").all()
            .map { try $0.decode(column: "tablename", as: String.self) }
        let references = try await sql.raw("""
            SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
            FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid <> c.confrelid
            """).all().map { row -> (child: String, parent: String) in
                (try row.decode(column: "child", as: String.self), try row.decode(column: "parent", as: String.self))
            }
        let sequences = try await sql.raw("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()").all()
            .map { try $0.decode(column: "sequencename", as: String.self) }
        var ordered: [String] = []
        var left = Set(tables)
        while !left.isEmpty {
            // A table goes once no table still to go refers to it.
            let ready = left.filter { table in !references.contains { $0.parent == table && $0.child != table && left.contains($0.child) } }.sorted()
            guard !ready.isEmpty else { throw TestDatabaseError.foreignKeyCycle(Array(left)) }
            ordered += ready
            left.subtract(ready)
        }
        return ordered.map { "DELETE FROM \"\($0)\"" } + sequences.map { "ALTER SEQUENCE \"\($0)\" RESTART" }
    }

    /// Set once, before `atexit` is registered, and read only at exit.
    nonisolated(unsafe) static var postgresPoolToDrop: PostgresDatabasePool?

    // MARK: -

    /// Builds the application on the template database exactly as a test would, runs every
    /// feature's migrations, and closes it (a PostgreSQL template must have no connection left).
    static func migrateTemplate(at location: AppConfiguration.DatabaseLocation, finish: (any SQLDatabase) async throws -> Void) async throws {
        let app = try await makeTestApplication(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, with: testConfiguration(database: location))
            try await app.autoMigrate()
            try await finish(app.db as! any SQLDatabase)
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func shortID() -> String {
        String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())
    }
}

/// A few databases cloned from the template and reused one test after another (emptied between
/// them): cloning or dropping a PostgreSQL database costs about half a second, emptying one a few
/// milliseconds. Tests that find every database taken wait for one.
actor PostgresDatabasePool {
    let server: TestDatabases.PostgresServer
    /// As many tests as this use PostgreSQL at once; two cores gain nothing from more.
    let size = 8
    private var free: [String] = []
    /// Every database the pool holds now (read at exit, hence the lock).
    nonisolated let names = NIOLockedValueBox<Set<String>>([])
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(server: TestDatabases.PostgresServer) {
        self.server = server
    }

    /// A database for one test, and whether an earlier test used it.
    func acquire() async throws -> (String, Bool) {
        while true {
            if let name = free.popLast() { return (name, true) }
            if names.withLockedValue({ $0.count }) < size {
                let name = "odtest_\(getpid())_\(TestDatabases.shortID())"
                names.withLockedValue { _ = $0.insert(name) }
                do {
                    try await clone(name)
                } catch {
                    names.withLockedValue { _ = $0.remove(name) }
                    throw error
                }
                return (name, false)
            }
            await withCheckedContinuation { waiting.append($0) }
        }
    }

    func release(_ name: String, dirty: Bool) async {
        if dirty {
            try? await drop(name)
            names.withLockedValue { _ = $0.remove(name) }
        } else {
            free.append(name)
        }
        if !waiting.isEmpty { waiting.removeFirst().resume() }
    }

    private func clone(_ name: String) async throws {
        try await server.sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: server.template)").run()
    }

    private func drop(_ name: String) async throws {
        try await server.sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
    }

    /// Everything the pool made, the template last.
    nonisolated func dropAllBlocking() {
        for name in names.withLockedValue({ $0 }).sorted() + [server.template] {
            // Blocking is fine here: the process is ending, and this is not an event loop thread.
            try? server.sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run().wait()
        }
    }
}

/// The pool's databases and the template are dropped when the test process exits.
private func dropPostgresDatabases() {
    TestDatabases.postgresPoolToDrop?.dropAllBlocking()
}

enum TestDatabaseError: Error {
    case badURL
    case foreignKeyCycle([String])
}
