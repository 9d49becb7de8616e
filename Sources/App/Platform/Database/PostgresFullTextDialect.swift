import SQLKit

/// Full-text search on PostgreSQL: one `tsvector` per document in a side table with a GIN index.
/// The `simple` configuration keeps words as written (after SearchText folding) because members
/// write in many languages, and no single stemmer fits them all.
struct PostgresFullTextDialect: FullTextDialect {
    private func table(_ index: FullTextIndex) -> String { "\(index.name)_fts" }

    func createIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("""
            CREATE TABLE \(ident: table(index)) (
              document_id \(unsafeRaw: index.documentID == .uuid ? "UUID" : "TEXT") PRIMARY KEY,
              position BIGSERIAL NOT NULL,
              document TSVECTOR NOT NULL
            )
            """).run()
        try await database.raw("""
            CREATE INDEX \(ident: "\(table(index))_document_idx") ON \(ident: table(index)) USING GIN (document)
            """).run()
    }

    func dropIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("DROP TABLE IF EXISTS \(ident: table(index))").run()
    }

    private func vector(_ fields: [String: String], _ index: FullTextIndex) -> SQLList {
        let parts = index.fields.map { field in
            SQLQueryString("setweight(to_tsvector('simple', \(bind: SearchText.normalized(fields[field.name] ?? ""))), \(unsafeRaw: Self.label(field.weight)))")
        }
        return SQLList(parts, separator: SQLRaw(" || "))
    }

    func insert(_ documents: [(documentID: String, fields: [String: String])], in index: FullTextIndex, on database: any SQLDatabase) async throws {
        let values = SQLList(documents.map { SQLQueryString("(\(documentIDValue($0.documentID, index)), \(vector($0.fields, index)))") })
        try await database.raw("INSERT INTO \(ident: table(index)) (document_id, document) VALUES \(values)").run()
    }

    func upsert(documentID: String, fields: [String: String], in index: FullTextIndex, on database: any SQLDatabase) async throws {
        let document = vector(fields, index)
        try await database.raw("""
            INSERT INTO \(ident: table(index)) (document_id, document) VALUES (\(documentIDValue(documentID, index)), \(document))
            ON CONFLICT (document_id) DO UPDATE SET document = EXCLUDED.document
            """).run()
    }

    func remove(documentID: String, from index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("DELETE FROM \(ident: table(index)) WHERE document_id = \(documentIDValue(documentID, index))").run()
    }

    /// A bound id, cast for `uuid` indexes (a text parameter is not compared with a uuid column implicitly).
    private func documentIDValue(_ documentID: String, _ index: FullTextIndex) -> SQLQueryString {
        index.documentID == .uuid ? "CAST(\(bind: documentID) AS UUID)" : "\(bind: documentID)"
    }

    /// SearchText leaves only letters and digits in a term, so `term:*` is always valid tsquery syntax.
    private func tsquery(_ terms: [String]) -> String {
        terms.map { "\($0):*" }.joined(separator: " & ")
    }

    func candidates(_ terms: [String], in index: FullTextIndex, filter: (any SQLExpression) -> (any SQLExpression)?, candidateLimit: Int) -> any SQLExpression {
        let condition = filter(SQLColumn("document_id", table: "fts")).map { SQLQueryString("AND \($0)") } ?? SQLQueryString("")
        return SQLQueryString("""
            SELECT fts.document_id AS document_id, ts_rank(fts.document, to_tsquery('simple', \(bind: tsquery(terms)))) AS score, fts.position AS position
            FROM \(ident: table(index)) AS fts
            WHERE fts.document @@ to_tsquery('simple', \(bind: tsquery(terms))) \(condition)
            ORDER BY fts.position DESC LIMIT \(bind: candidateLimit)
            """)
    }

    func search(_ terms: [String], in index: FullTextIndex, limit: Int, candidateLimit: Int, on database: any SQLDatabase) async throws -> [FullTextHit] {
        let query = tsquery(terms)
        let rows = try await database.raw("""
            SELECT document_id, score FROM (
              SELECT document_id, position, ts_rank(document, to_tsquery('simple', \(bind: query))) AS score
              FROM \(ident: table(index))
              WHERE document @@ to_tsquery('simple', \(bind: query))
              ORDER BY position DESC LIMIT \(bind: candidateLimit)
            ) AS candidates
            ORDER BY score DESC, position DESC
            LIMIT \(bind: limit)
            """).all()
        return try rows.map {
            FullTextHit(documentID: try $0.decode(column: "document_id", as: String.self), score: Double(try $0.decode(column: "score", as: Float.self)))
        }
    }

    private static func label(_ weight: FullTextIndex.Weight) -> String {
        switch weight {
        case .high: "'A'"
        case .medium: "'B'"
        case .low: "'C'"
        case .lowest: "'D'"
        }
    }
}
