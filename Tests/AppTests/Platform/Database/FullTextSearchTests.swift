@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// A small table of its own proves both dialects, on SQLite by default and on PostgreSQL when
/// `TEST_DATABASE_URL` is set.
private let probeIndex = FullTextIndex(name: "search_probes", fields: [
    .init("title", weight: .high),
    .init("body", weight: .low),
])

private struct CreateSearchProbes: AsyncMigration {
    var name: String { "CreateSearchProbes" }

    func prepare(on database: any Database) async throws {
        try await database.schema("search_probes")
            .field("id", .string, .identifier(auto: false))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await FullTextSearch.dialect(for: sql).createIndex(probeIndex, on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await FullTextSearch.dialect(for: sql).dropIndex(probeIndex, on: sql)
        try await database.schema("search_probes").delete()
    }
}

@Suite("Full-text search")
struct FullTextSearchTests {
    func withProbes(_ documents: [(String, String, String)], _ test: (Application) async throws -> Void) async throws {
        try await withApp(migrations: [CreateSearchProbes()]) { app async throws in
            for (id, title, body) in documents {
                try await (app.db as! any SQLDatabase).raw("INSERT INTO search_probes (id, title, body) VALUES (\(bind: id), \(bind: title), \(bind: body))").run()
                try await FullTextSearch.upsert(documentID: id, document: FullTextDocument(fields: ["title": title, "body": body]), in: probeIndex, on: app.db)
            }
            try await test(app)
        }
    }

    func ids(_ query: String, in app: Application, limit: Int = 20, candidateLimit: Int = 1000) async throws -> [String] {
        try await FullTextSearch.search(query, in: probeIndex, limit: limit, candidateLimit: candidateLimit, on: app.db).map(\.documentID)
    }

    @Test func usesTheDialectOfTheDatabase() async throws {
        try await withApp { app async throws in
            let dialect = FullTextSearch.dialect(for: app.db as! any SQLDatabase)
            #expect(isPostgresRun ? dialect is PostgresFullTextDialect : dialect is SQLiteFullTextDialect)
        }
    }

    @Test func findsDocumentsByEveryWordRankingTitlesFirst() async throws {
        try await withProbes([
            ("a", "Public health in Senegal", "Mentoring nurses in Dakar"),
            ("b", "Agriculture cooperatives", "Public health and irrigation in Senegal"),
            ("c", "Public finance", "Budgets in Mali"),
        ]) { app async throws in
            #expect(try await ids("public health", in: app) == ["a", "b"])
            #expect(try await ids("senegal", in: app) == ["a", "b"])
            #expect(try await ids("mali", in: app) == ["c"])
            #expect(try await ids("ghana", in: app) == [])
        }
    }

    @Test func matchesPrefixesAndIgnoresAccentsAndCase() async throws {
        try await withProbes([
            ("fr", "Santé publique au Sénégal", "Coopération médicale"),
            ("es", "Educación en México", "Becas"),
        ]) { app async throws in
            #expect(try await ids("SENEGAL", in: app) == ["fr"])
            #expect(try await ids("sante", in: app) == ["fr"])
            #expect(try await ids("coop", in: app) == ["fr"])
            #expect(try await ids("educacion mexico", in: app) == ["es"])
        }
    }

    @Test func replacingAndRemovingADocumentUpdatesTheIndex() async throws {
        try await withProbes([("a", "Engineering", "Bridges")]) { app async throws in
            try await FullTextSearch.upsert(documentID: "a", document: FullTextDocument(fields: ["title": "Education", "body": "Schools"]), in: probeIndex, on: app.db)
            #expect(try await ids("bridges", in: app) == [])
            #expect(try await ids("schools", in: app) == ["a"])
            try await FullTextSearch.remove(documentID: "a", from: probeIndex, on: app.db)
            #expect(try await ids("schools", in: app) == [])
        }
    }

    @Test(arguments: [
        "\"", "*", "\"unclosed", "health OR", "NEAR(health", "title:health", "a & | ! ( )", "'; DROP TABLE search_probes; --",
        "-health", "^", "health:*", "", "   ", String(repeating: "health ", count: 500),
    ])
    func anyInputIsSafe(query: String) async throws {
        try await withProbes([("a", "Public health", "Clinics")]) { app async throws in
            let found = try await ids(query, in: app)
            #expect(found.allSatisfy { $0 == "a" })
            #expect(try await ids("clinics", in: app) == ["a"], "the table is intact")
        }
    }

    @Test func limitsAreHonouredAndRankingStaysWithinTheCandidates() async throws {
        let documents = (1...30).map { ("d\($0)", "Skills transfer \($0)", $0 == 1 ? "skills skills skills" : "Volunteering") }
        try await withProbes(documents) { app async throws in
            #expect(try await ids("skills", in: app, limit: 5).count == 5)
            // With only the 10 newest as candidates, the strongest match (the oldest, d1) is out of reach.
            let bounded = try await ids("skills", in: app, limit: 30, candidateLimit: 10)
            #expect(bounded.count == 10)
            #expect(!bounded.contains("d1"))
            #expect(try await ids("skills", in: app, limit: 1) == ["d1"])
        }
    }

    @Test func normalizationFoldsCaseAccentsAndPunctuation() {
        #expect(SearchText.normalized("Côte d’Ivoire — SANTÉ!") == "cote d ivoire sante")
        #expect(SearchText.terms(of: "a a b") == ["a", "b"])
        #expect(SearchText.terms(of: (1...20).map(String.init).joined(separator: " ")).count == SearchText.maximumQueryTerms)
    }
}
