@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// Keywords, positions and the bounded walks features page through, on both dialects.
private let keywordIndex = FullTextIndex(name: "keyword_probes", fields: [
    .init("title", weight: .high),
    .init("body", weight: .low),
])

private struct CreateKeywordProbes: AsyncMigration {
    var name: String { "CreateKeywordProbes" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await FullTextSearch.dialect(for: sql).createIndex(keywordIndex, on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await FullTextSearch.dialect(for: sql).dropIndex(keywordIndex, on: sql)
    }
}

@Suite("Full-text keywords and order")
struct FullTextKeywordTests {
    /// Documents a…e added in that order: e is in front.
    static let documents: [(String, String, [String])] = [
        ("a", "Nurse in Dakar", ["origin-sn", "skill-nursing"]),
        ("b", "Nurse in Lyon", ["origin-ml", "skill-nursing", "hidden"]),
        ("c", "Teacher in Bamako", ["origin-ml", "skill-teaching"]),
        ("d", "Engineer in Paris", ["origin-sn", "skill-engineering"]),
        ("e", "Origin skill nursing", []),
    ]

    func withDocuments(_ test: (Application, any SQLDatabase) async throws -> Void) async throws {
        try await withApp(migrations: [CreateKeywordProbes()]) { app async throws in
            for (id, title, keywords) in Self.documents {
                try await FullTextSearch.upsert(documentID: id, document: FullTextDocument(fields: ["title": title], keywords: keywords), in: keywordIndex, on: app.db)
            }
            try await test(app, app.db as! any SQLDatabase)
        }
    }

    func recent(_ query: FullTextQuery, below: Int64? = nil, limit: Int = 10, on sql: any SQLDatabase) async throws -> [(id: String, position: Int64, keywords: String)] {
        let dialect = FullTextSearch.dialect(for: sql)
        let walk = try await dialect.recent(query, in: keywordIndex, below: below, limit: limit, filter: { _ in nil }, on: sql)
        let rows = try await sql.raw("SELECT CAST(found.document_id AS TEXT) AS id, found.position AS position, found.keywords AS keywords FROM (\(walk)) AS found").all()
        return try rows.map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "position", as: Int64.self), try $0.decode(column: "keywords", as: String.self)) }
    }

    @Test func keywordGroupsNarrowAndValuesWithinAGroupWiden() async throws {
        try await withDocuments { _, sql async throws in
            #expect(try await recent(FullTextQuery(), on: sql).map(\.id) == ["e", "d", "c", "b", "a"])
            #expect(try await recent(FullTextQuery(allOf: [["skill-nursing"]]), on: sql).map(\.id) == ["b", "a"])
            #expect(try await recent(FullTextQuery(allOf: [["origin-sn", "origin-ml"], ["skill-nursing", "skill-teaching"]]), on: sql).map(\.id) == ["c", "b", "a"])
            #expect(try await recent(FullTextQuery(allOf: [["skill-nursing"]], noneOf: ["hidden"]), on: sql).map(\.id) == ["a"])
            #expect(try await recent(FullTextQuery(noneOf: ["hidden"]), on: sql).map(\.id) == ["e", "d", "c", "a"])
            #expect(try await recent(FullTextQuery(text: "nurse", allOf: [["origin-ml"]]), on: sql).map(\.id) == ["b"])
            #expect(try await recent(FullTextQuery(allOf: [["origin-gh"]]), on: sql).isEmpty)
        }
    }

    @Test func typedWordsNeverMatchKeywords() async throws {
        try await withDocuments { _, sql async throws in
            for text in ["origin", "skill", "nursing", "hidden", "0every", "every", "sn"] {
                let found = try await recent(FullTextQuery(text: text), on: sql).map(\.id)
                #expect(found.allSatisfy { $0 == "e" }, "\(text): \(found)")
            }
        }
    }

    @Test func keywordsComeBackAsStoredAndPositionsPageTheWalk() async throws {
        try await withDocuments { _, sql async throws in
            let all = try await recent(FullTextQuery(), on: sql)
            #expect(all.first { $0.id == "b" }?.keywords.split(separator: " ").contains("origin0ml") == true)
            let first = try await recent(FullTextQuery(), limit: 2, on: sql)
            let rest = try await recent(FullTextQuery(), below: first.last?.position, limit: 10, on: sql)
            #expect(first.map(\.id) + rest.map(\.id) == ["e", "d", "c", "b", "a"])
        }
    }

    @Test func reindexingAndMovingToFrontReorder() async throws {
        try await withDocuments { app, sql async throws in
            try await FullTextSearch.moveToFront(documentID: "a", in: keywordIndex, on: app.db)
            #expect(try await recent(FullTextQuery(), on: sql).map(\.id) == ["a", "e", "d", "c", "b"])
            // Moving keeps the text and keywords; re-indexing replaces them.
            #expect(try await recent(FullTextQuery(text: "dakar", allOf: [["origin-sn"]]), on: sql).map(\.id) == ["a"])
            try await FullTextSearch.upsert(documentID: "c", document: FullTextDocument(fields: ["title": "Teacher in Accra"], keywords: ["origin-gh"]), in: keywordIndex, on: app.db)
            #expect(try await recent(FullTextQuery(), on: sql).map(\.id) == ["c", "a", "e", "d", "b"])
            #expect(try await recent(FullTextQuery(allOf: [["origin-ml"]]), on: sql).map(\.id) == ["b"])
            #expect(try await recent(FullTextQuery(text: "bamako"), on: sql).isEmpty)
            try await FullTextSearch.moveToFront(documentID: "absent", in: keywordIndex, on: app.db)
            try await FullTextSearch.remove(documentID: "a", from: keywordIndex, on: app.db)
            #expect(try await recent(FullTextQuery(), on: sql).map(\.id) == ["c", "e", "d", "b"])
        }
    }

    @Test func candidatesScoreWordsByFieldAndRepetition() async throws {
        try await withApp(migrations: [CreateKeywordProbes()]) { app async throws in
            for (id, title, body) in [("title", "Health", ""), ("body", "Other", "health"), ("twice", "Other", "health and more health")] {
                try await FullTextSearch.upsert(documentID: id, document: FullTextDocument(fields: ["title": title, "body": body]), in: keywordIndex, on: app.db)
            }
            #expect(try await FullTextSearch.search("heal", in: keywordIndex, on: app.db).map(\.documentID) == ["title", "twice", "body"])
        }
    }

    @Test func prefixesFindEveryWordTheyStartHoweverManyThereAre() async throws {
        try await withApp(migrations: [CreateKeywordProbes()]) { app async throws in
            for number in 1...20 {
                try await FullTextSearch.upsert(documentID: "d\(number)", document: FullTextDocument(fields: ["title": "Alpha\(number) report"]), in: keywordIndex, on: app.db)
            }
            let sql = app.db as! any SQLDatabase
            // More words than are listed one by one (20), then few (alpha1, alpha10…alpha19), then with a second word.
            #expect(try await recent(FullTextQuery(text: "alph"), limit: 50, on: sql).count == 20)
            #expect(Set(try await recent(FullTextQuery(text: "alpha1"), limit: 50, on: sql).map(\.id)) == Set(["d1"] + (10...19).map { "d\($0)" }))
            #expect(try await recent(FullTextQuery(text: "alpha2 rep"), limit: 50, on: sql).map(\.id).sorted() == ["d2", "d20"])
            #expect(try await recent(FullTextQuery(text: "alpha2 missing"), limit: 50, on: sql).isEmpty)
        }
    }

    @Test func keywordsAreLettersAndDigits() {
        #expect(FullTextQuery.keyword("Skill-Public_Health é") == "skill0public0health00")
        #expect(FullTextQuery.keyword("") == "0")
        #expect(ProfileSearchDocument.tag(of: Substring(ProfileSearchDocument.keyword(.skill, "public-health")))?.code == "public-health")
        #expect(ProfileSearchDocument.tag(of: Substring(ProfileSearchDocument.keyword(.origin, "SN")))?.kind == .origin)
        #expect(ProfileSearchDocument.tag(of: "visibilitypublic") == nil)
        #expect(ProfileSearchDocument.tag(of: "originzz") == nil)
    }
}
