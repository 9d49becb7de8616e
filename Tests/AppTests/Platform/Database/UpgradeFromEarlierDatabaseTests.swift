@testable import App
import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Testing
import Vapor

/// A database made by an earlier release must upgrade in place: the migrations it ran are not run
/// again, only the ones added since, and what it holds is still there and usable.
@Suite("Upgrading an earlier database")
struct UpgradeFromEarlierDatabaseTests {
    /// Made by `scripts/dump-upgrade-fixture.py` from a database that the 432fe61 build created with
    /// `migrate -y`, `seed-demo --members 30 --seed 7` and `create-admin` (the password below).
    static let fixture = repositoryRoot + "/Tests/AppTests/Fixtures/database-432fe61.sql"
    static let adminEmail = "admin@upgrade.example"
    static let adminPassword = "Upgrade-admin-passphrase-2026"

    @Test func aDatabaseFrom432fe61UpgradesWithoutRunningAnythingTwice() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("upgrade-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await Self.replayFixture(into: path)

        try await withApp(database: .sqliteFile(path: path)) { app in
            let sql = app.db as! any SQLDatabase
            let rows = try await sql.raw("SELECT name, batch FROM _fluent_migrations").all()
            let batches = try rows.reduce(into: [String: Int]()) { $0[try $1.decode(column: "name", as: String.self)] = try $1.decode(column: "batch", as: Int.self) }
            let earlier = try Self.fixtureMigrationNames()
            #expect(earlier.count == 19)
            // Each earlier migration ran once, in the earlier release's first batch, and is
            // recorded once: none was renamed or run again.
            #expect(rows.count == batches.count)
            for name in earlier {
                #expect(batches[name] == 1, "\(name) should be kept from the earlier database")
            }
            // Everything this build lists is recorded, so nothing is left to run.
            let listed = app.features.flatMap { $0.migrations(app) }.map(\.name)
            #expect(Set(listed) == Set(batches.keys))
            // Each feature appends to its own list: its earlier migrations stay at the head of it.
            let earlierNames = Set(earlier)
            for feature in app.features {
                let own = feature.migrations(app).map(\.name)
                let kept = own.filter(earlierNames.contains)
                #expect(Array(own.prefix(kept.count)) == kept, "\(type(of: feature)) added a migration before one that ran already")
            }

            let members = try await Member.query(on: app.db).count()
            #expect(members == 31)

            let browser = try await signedIn(app, email: Self.adminEmail, password: Self.adminPassword)
            var directory = ""
            try await app.testing().test(.GET, "/members", headers: browser.headers) { res async throws in
                #expect(res.status == .ok)
                directory = res.body.string
            }
            let names = try await Member.query(on: app.db).filter(\.$role != .admin).limit(40).all().map(\.displayName)
            #expect(names.contains { directory.contains(htmlEscaped($0)) }, "the directory lists the earlier members")
        }
    }

    /// One SQL statement per line (the dump script writes them so).
    static func replayFixture(into path: String) async throws {
        let statements = try String(contentsOfFile: fixture, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
        let app = try await makeTestApplication(.testing)
        app.logger.logLevel = .warning
        do {
            app.databases.use(.sqlite(.file(path)), as: .sqlite)
            let sql = app.db as! any SQLDatabase
            for statement in statements {
                try await sql.execute(sql: SQLRaw(String(statement))) { _ in }
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func fixtureMigrationNames() throws -> [String] {
        let pattern = try NSRegularExpression(pattern: #"^INSERT INTO "_fluent_migrations" .* VALUES \('[^']+', '([^']+)'"#, options: .anchorsMatchLines)
        let text = try String(contentsOfFile: fixture, encoding: .utf8)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
