@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// The suite's cost per test must not grow with the features' migrations: each test's database is
/// a copy of one migrated once per run, independent of every other test's.
@Suite("Test databases")
struct TestDatabaseTemplateTests {
    @Test func aTestsDatabaseArrivesMigratedWithNothingLeftToRun() async throws {
        let lease = try await TestDatabases.lease()
        let app = try await makeTestApplication(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, with: testConfiguration(database: lease.location))
            let listed = app.features.flatMap { $0.migrations(app) }
            #expect(!listed.isEmpty)
            #expect(try await app.migrator.previewPrepareBatch().get().isEmpty, "a migration would run again in every test")
            let recorded = try await (app.db as! any SQLDatabase).raw("SELECT name FROM _fluent_migrations").all()
            #expect(recorded.count == listed.count)
        } catch {
            Issue.record(error)
        }
        try await app.asyncShutdown()
        await lease.release(false)
    }

    /// On PostgreSQL a database is reused by the next test once emptied; on SQLite each is a new copy.
    @Test func aTestNeverSeesWhatAnEarlierTestLeft() async throws {
        for _ in 0..<3 {
            try await withApp { app async throws in
                #expect(try await Member.query(on: app.db).count() == 0)
                #expect(try await QueuedJob.query(on: app.db).count() == 0)
                let member = try await makeMember(app, email: "left-behind@example.org")
                try await JobQueue.enqueue(CountedJob(run: UUID(), number: 1), on: app.db, now: app.clock.now)
                try await MemberSession(memberID: try member.requireID(), tokenHash: "left-behind", csrfToken: "t", lastSeenAt: app.clock.now).create(on: app.db)
            }
        }
    }

    @Test func twoTestsNeverSeeEachOthersRows() async throws {
        try await withApp { first async throws in
            try await makeMember(first, email: "only-here@example.org")
            try await withApp { second async throws in
                #expect(try await Member.query(on: second.db).filter(\.$emailKey == "only-here@example.org").count() == 0)
            }
            #expect(try await Member.query(on: first.db).filter(\.$emailKey == "only-here@example.org").count() == 1)
        }
    }
}
