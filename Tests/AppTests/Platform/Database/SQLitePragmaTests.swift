@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

@Suite("SQLite connection settings")
struct SQLitePragmaTests {
    struct PragmaValue: Decodable {
        let value: String
    }

    @Test(.disabled(if: isPostgresRun, "SQLite only"))
    func everyConnectionRunsWithWALBusyTimeoutAndForeignKeys() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pragmas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withApp(database: .sqliteFile(path: folder.appendingPathComponent("db.sqlite").path)) { app async throws in
            var checked = 0
            for eventLoop in app.eventLoopGroup.makeIterator() {
                let sql = try #require(app.databases.database(.sqlite, logger: app.logger, on: eventLoop) as? any SQLDatabase)
                #expect(try await value(of: "journal_mode", on: sql) == "wal")
                #expect(try await value(of: "busy_timeout", on: sql) == "\(SQLitePragmas.busyTimeoutMilliseconds)")
                #expect(try await value(of: "foreign_keys", on: sql) == "1")
                checked += 1
            }
            #expect(checked == System.coreCount)
        }
    }

    private func value(of pragma: String, on sql: any SQLDatabase) async throws -> String? {
        guard let row = try await sql.raw("PRAGMA \(unsafeRaw: pragma)").first() else { return nil }
        let column = try #require(row.allColumns.first)
        if let text = try? row.decode(column: column, as: String.self) { return text }
        return try row.decode(column: column, as: Int.self).description
    }
}
