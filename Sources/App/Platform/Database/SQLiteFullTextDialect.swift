import SQLKit

/// Full-text search on SQLite with an FTS5 table. A companion table maps document ids to FTS
/// rowids so a document is replaced by rowid, never found by scanning an unindexed column.
struct SQLiteFullTextDialect: FullTextDialect {
    private func ftsTable(_ index: FullTextIndex) -> String { "\(index.name)_fts" }
    private func idTable(_ index: FullTextIndex) -> String { "\(index.name)_fts_ids" }

    func createIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("""
            CREATE TABLE \(ident: idTable(index)) (rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE)
            """).run()
        let columns = index.fields.map(\.name).joined(separator: ", ")
        // Identifiers are checked by FullTextIndex; the text is already normalized by SearchText.
        try await database.raw("""
            CREATE VIRTUAL TABLE \(ident: ftsTable(index)) USING fts5(\(unsafeRaw: columns), tokenize = 'unicode61 remove_diacritics 2')
            """).run()
    }

    func dropIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("DROP TABLE IF EXISTS \(ident: ftsTable(index))").run()
        try await database.raw("DROP TABLE IF EXISTS \(ident: idTable(index))").run()
    }

    func upsert(documentID: String, fields: [String: String], in index: FullTextIndex, on database: any SQLDatabase) async throws {
        let row = try await database.raw("""
            INSERT INTO \(ident: idTable(index)) (document_id) VALUES (\(bind: documentID))
            ON CONFLICT (document_id) DO UPDATE SET document_id = excluded.document_id
            RETURNING rowid
            """).first()
        guard let rowid = try row?.decode(column: "rowid", as: Int.self) else { return }
        try await database.raw("DELETE FROM \(ident: ftsTable(index)) WHERE rowid = \(bind: rowid)").run()
        let values = SQLList(index.fields.map { SQLBind(SearchText.normalized(fields[$0.name] ?? "")) })
        let columns = SQLList(index.fields.map { SQLIdentifier($0.name) })
        try await database.raw("""
            INSERT INTO \(ident: ftsTable(index)) (rowid, \(columns)) VALUES (\(bind: rowid), \(values))
            """).run()
    }

    func insert(_ documents: [(documentID: String, fields: [String: String])], in index: FullTextIndex, on database: any SQLDatabase) async throws {
        let ids = SQLList(documents.map { SQLQueryString("(\(bind: $0.documentID))") })
        let rows = try await database.raw("INSERT INTO \(ident: idTable(index)) (document_id) VALUES \(ids) RETURNING rowid, document_id").all()
        var rowids: [String: Int] = [:]
        for row in rows { rowids[try row.decode(column: "document_id", as: String.self)] = try row.decode(column: "rowid", as: Int.self) }
        let columns = SQLList(index.fields.map { SQLIdentifier($0.name) })
        let values = SQLList(documents.compactMap { document -> SQLQueryString? in
            guard let rowid = rowids[document.documentID] else { return nil }
            let texts = SQLList(index.fields.map { SQLBind(SearchText.normalized(document.fields[$0.name] ?? "")) })
            return "(\(bind: rowid), \(texts))"
        })
        try await database.raw("INSERT INTO \(ident: ftsTable(index)) (rowid, \(columns)) VALUES \(values)").run()
    }

    func remove(documentID: String, from index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("""
            DELETE FROM \(ident: ftsTable(index)) WHERE rowid IN
              (SELECT rowid FROM \(ident: idTable(index)) WHERE document_id = \(bind: documentID))
            """).run()
        try await database.raw("DELETE FROM \(ident: idTable(index)) WHERE document_id = \(bind: documentID)").run()
    }

    /// Each term is a quoted prefix query: nothing the member typed is read as FTS5 syntax.
    private func matchExpression(_ terms: [String]) -> String {
        terms.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"*" }.joined(separator: " ")
    }

    private func weights(_ index: FullTextIndex) -> String {
        index.fields.map { String(Self.bm25Weight($0.weight)) }.joined(separator: ", ")
    }

    func candidates(_ terms: [String], in index: FullTextIndex, filter: (any SQLExpression) -> (any SQLExpression)?, candidateLimit: Int) -> any SQLExpression {
        let fts = ftsTable(index)
        let condition = filter(SQLColumn("document_id", table: "ids")).map { SQLQueryString("AND \($0)") } ?? SQLQueryString("")
        // FTS5 walks matches in descending rowid order, so the limit stops the walk and bm25 is
        // computed only for the candidates kept.
        return SQLQueryString("""
            SELECT ids.document_id AS document_id, -bm25(\(ident: fts), \(unsafeRaw: weights(index))) AS score, \(ident: fts).rowid AS position
            FROM \(ident: fts) JOIN \(ident: idTable(index)) AS ids ON ids.rowid = \(ident: fts).rowid
            WHERE \(ident: fts) MATCH \(bind: matchExpression(terms)) \(condition)
            ORDER BY \(ident: fts).rowid DESC LIMIT \(bind: candidateLimit)
            """)
    }

    func search(_ terms: [String], in index: FullTextIndex, limit: Int, candidateLimit: Int, on database: any SQLDatabase) async throws -> [FullTextHit] {
        let match = matchExpression(terms)
        let weights = weights(index)
        let fts = ftsTable(index)
        let rows = try await database.raw("""
            SELECT ids.document_id AS document_id, candidates.score AS score FROM (
              SELECT rowid, -bm25(\(ident: fts), \(unsafeRaw: weights)) AS score FROM \(ident: fts)
              WHERE \(ident: fts) MATCH \(bind: match)
              ORDER BY rowid DESC LIMIT \(bind: candidateLimit)
            ) AS candidates
            JOIN \(ident: idTable(index)) AS ids ON ids.rowid = candidates.rowid
            ORDER BY candidates.score DESC, candidates.rowid DESC
            LIMIT \(bind: limit)
            """).all()
        return try rows.map {
            FullTextHit(documentID: try $0.decode(column: "document_id", as: String.self), score: try $0.decode(column: "score", as: Double.self))
        }
    }

    private static func bm25Weight(_ weight: FullTextIndex.Weight) -> Double {
        switch weight {
        case .high: 8
        case .medium: 4
        case .low: 2
        case .lowest: 1
        }
    }
}
