import SQLKit

/// Full-text search on PostgreSQL: one `tsvector` per document in a side table with a GIN index,
/// and a position column with a b-tree index for "most recent first". The `simple` configuration
/// keeps words as written (after SearchText folding) because members write in many languages, and
/// no single stemmer fits them all. Keywords join the vector as `#keyword` lexemes, which no
/// searched word (letters and digits only) can reach, and are kept as text for the feature.
struct PostgresFullTextDialect: FullTextDialect {
    private func table(_ index: FullTextIndex) -> String { "\(index.name)_fts" }

    func createIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("""
            CREATE TABLE \(ident: table(index)) (
              document_id \(unsafeRaw: index.documentID == .uuid ? "UUID" : "TEXT") PRIMARY KEY,
              position BIGSERIAL NOT NULL,
              document TSVECTOR NOT NULL,
              keywords TEXT NOT NULL
            )
            """).run()
        try await database.raw("""
            CREATE INDEX \(ident: "\(table(index))_document_idx") ON \(ident: table(index)) USING GIN (document)
            """).run()
        try await database.raw("""
            CREATE INDEX \(ident: "\(table(index))_position_idx") ON \(ident: table(index)) (position)
            """).run()
    }

    func dropIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("DROP TABLE IF EXISTS \(ident: table(index))").run()
    }

    private func keywords(_ document: FullTextDocument) -> [String] { [FullTextQuery.everyDocument] + document.keywords }

    private func vector(_ document: FullTextDocument, _ index: FullTextIndex) -> SQLQueryString {
        let parts = index.fields.map { field in
            SQLQueryString("setweight(to_tsvector('simple', \(bind: SearchText.normalized(document.fields[field.name] ?? ""))), \(unsafeRaw: Self.label(field.weight)))")
        }
        let lexemes = SQLList(keywords(document).map { SQLBind("#" + $0) })
        return "\(SQLList(parts, separator: SQLRaw(" || "))) || array_to_tsvector(ARRAY[\(lexemes)]::text[])"
    }

    private func row(_ documentID: String, _ document: FullTextDocument, _ index: FullTextIndex) -> SQLQueryString {
        "(\(documentIDValue(documentID, index)), \(vector(document, index)), \(bind: keywords(document).joined(separator: " ")))"
    }

    func insert(_ documents: [(documentID: String, document: FullTextDocument)], in index: FullTextIndex, on database: any SQLDatabase) async throws {
        let values = SQLList(documents.map { row($0.documentID, $0.document, index) })
        try await database.raw("INSERT INTO \(ident: table(index)) (document_id, document, keywords) VALUES \(values)").run()
    }

    func upsert(documentID: String, document: FullTextDocument, in index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("""
            INSERT INTO \(ident: table(index)) (document_id, document, keywords) VALUES \(row(documentID, document, index))
            ON CONFLICT (document_id) DO UPDATE SET document = EXCLUDED.document, keywords = EXCLUDED.keywords, position = DEFAULT
            """).run()
    }

    func moveToFront(documentID: String, in index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("""
            UPDATE \(ident: table(index)) SET position = DEFAULT WHERE document_id = \(documentIDValue(documentID, index))
            """).run()
    }

    func remove(documentID: String, from index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("DELETE FROM \(ident: table(index)) WHERE document_id = \(documentIDValue(documentID, index))").run()
    }

    /// A bound id, cast for `uuid` indexes (a text parameter is not compared with a uuid column implicitly).
    private func documentIDValue(_ documentID: String, _ index: FullTextIndex) -> SQLQueryString {
        index.documentID == .uuid ? "CAST(\(bind: documentID) AS UUID)" : "\(bind: documentID)"
    }

    /// The query in tsquery syntax, read without normalization (`::tsquery`). SearchText leaves only
    /// letters and digits in a term and keywords are letters and digits too, so every lexeme is a
    /// plain quoted word.
    func tsquery(_ query: FullTextQuery) -> String {
        let quoted = { (text: String) in "'\(text.replacingOccurrences(of: "'", with: ""))'" }
        var parts = query.terms.map { "\(quoted($0)):*" }
        parts += query.allOf.map { "(\($0.map { quoted("#" + $0) }.joined(separator: " | ")))" }
        if parts.isEmpty { parts = [quoted("#" + FullTextQuery.everyDocument)] }
        if !query.noneOf.isEmpty { parts.append("!(\(query.noneOf.map { quoted("#" + $0) }.joined(separator: " | ")))") }
        return parts.joined(separator: " & ")
    }

    private func matches(_ query: FullTextQuery, _ index: FullTextIndex, ranked: Bool, below position: Int64?, limit: Int,
                         filter: (any SQLExpression) -> (any SQLExpression)?) -> SQLQueryString {
        let condition = filter(SQLColumn("document_id", table: "fts")).map { SQLQueryString("AND \($0)") } ?? SQLQueryString("")
        let bound = position.map { SQLQueryString("AND fts.position < \(bind: $0)") } ?? ""
        let tsquery = SQLQueryString("CAST(\(bind: tsquery(query)) AS tsquery)")
        let score: SQLQueryString = ranked ? ", CAST(ts_rank(fts.document, \(tsquery)) AS DOUBLE PRECISION) AS score" : ""
        return """
            SELECT fts.document_id AS document_id, fts.position AS position, fts.keywords AS keywords\(score)
            FROM \(ident: table(index)) AS fts
            WHERE fts.document @@ \(tsquery) \(bound) \(condition)
            ORDER BY fts.position DESC LIMIT \(bind: limit)
            """
    }

    func recent(_ query: FullTextQuery, in index: FullTextIndex, below position: Int64?, limit: Int,
                filter: (any SQLExpression) -> (any SQLExpression)?, on database: any SQLDatabase) async throws -> any SQLExpression {
        matches(query, index, ranked: false, below: position, limit: limit, filter: filter)
    }

    func candidates(_ query: FullTextQuery, in index: FullTextIndex, candidateLimit: Int,
                    filter: (any SQLExpression) -> (any SQLExpression)?, on database: any SQLDatabase) async throws -> any SQLExpression {
        matches(query, index, ranked: true, below: nil, limit: candidateLimit, filter: filter)
    }

    func search(_ query: FullTextQuery, in index: FullTextIndex, limit: Int, candidateLimit: Int, on database: any SQLDatabase) async throws -> [FullTextHit] {
        let rows = try await database.raw("""
            SELECT CAST(found.document_id AS TEXT) AS document_id, found.score AS score
            FROM (\(try await candidates(query, in: index, candidateLimit: candidateLimit, filter: { _ in nil }, on: database))) AS found
            ORDER BY found.score DESC, found.position DESC LIMIT \(bind: limit)
            """).all()
        return try rows.map {
            FullTextHit(documentID: try $0.decode(column: "document_id", as: String.self), score: try $0.decode(column: "score", as: Double.self))
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
