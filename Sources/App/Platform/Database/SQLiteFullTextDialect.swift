import SQLKit

/// Full-text search on SQLite with an FTS5 table whose rowid is the document's position. A
/// companion table maps document ids to rowids, so a document is found by id through an index.
///
/// A word typed is a prefix ("engin" finds "engineering"). FTS5 answers a prefix query by first
/// merging the lists of every word that starts with it, whatever the LIMIT (milliseconds per
/// hundred thousand documents); so the index keeps its own list of the words it has seen, and a
/// prefix with few words is searched as those exact words, which FTS5 walks lazily.
struct SQLiteFullTextDialect: FullTextDialect {
    private func ftsTable(_ index: FullTextIndex) -> String { "\(index.name)_fts" }
    private func idTable(_ index: FullTextIndex) -> String { "\(index.name)_fts_ids" }
    private func wordTable(_ index: FullTextIndex) -> String { "\(index.name)_fts_words" }
    /// Above this many words, a prefix is left to FTS5 (short prefixes: slower, still correct).
    static let maximumExpansion = 16
    private func columns(_ index: FullTextIndex) -> [String] { index.fields.map(\.name) + [FullTextIndex.keywordsColumn] }

    func createIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("""
            CREATE TABLE \(ident: idTable(index)) (rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE)
            """).run()
        // Identifiers are checked by FullTextIndex; the text is already normalized by SearchText.
        try await database.raw("""
            CREATE VIRTUAL TABLE \(ident: ftsTable(index)) USING fts5(\(unsafeRaw: columns(index).joined(separator: ", ")), tokenize = 'unicode61 remove_diacritics 2')
            """).run()
        try await database.raw("CREATE TABLE \(ident: wordTable(index)) (word TEXT PRIMARY KEY) WITHOUT ROWID").run()
    }

    func dropIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("DROP TABLE IF EXISTS \(ident: ftsTable(index))").run()
        try await database.raw("DROP TABLE IF EXISTS \(ident: idTable(index))").run()
        try await database.raw("DROP TABLE IF EXISTS \(ident: wordTable(index))").run()
    }

    /// Remembers the words of these documents' text fields. Words are never forgotten: one no
    /// document holds any more only widens a search to a word that finds nothing.
    private func remember(_ documents: [FullTextDocument], _ index: FullTextIndex, on database: any SQLDatabase) async throws {
        var words = Set<String>()
        for document in documents {
            for field in index.fields {
                for word in SearchText.normalized(document.fields[field.name] ?? "").split(separator: " ") { words.insert(String(word)) }
            }
        }
        guard !words.isEmpty else { return }
        let rows = SQLList(words.sorted().map { SQLQueryString("(\(bind: $0))") })
        try await database.raw("INSERT INTO \(ident: wordTable(index)) (word) VALUES \(rows) ON CONFLICT (word) DO NOTHING").run()
    }

    /// For each typed word, the indexed words it starts, or nil when there are too many to list;
    /// one statement for all the words (each is a round trip to SQLiteNIO's thread pool).
    private func expansions(_ terms: [String], _ index: FullTextIndex, on database: any SQLDatabase) async throws -> [String: [String]?] {
        guard !terms.isEmpty else { return [:] }
        let lookups = terms.enumerated().map { position, term in
            SQLQueryString("""
                SELECT * FROM (SELECT \(bind: position) AS term, word FROM \(ident: wordTable(index))
                WHERE word >= \(bind: term) AND word < \(bind: term + "\u{10FFFF}") ORDER BY word LIMIT \(bind: Self.maximumExpansion + 1))
                """)
        }
        var words = Array(repeating: [String](), count: terms.count)
        for row in try await database.raw("\(SQLList(lookups, separator: SQLRaw(" UNION ALL ")))").all() {
            words[try row.decode(column: "term", as: Int.self)].append(try row.decode(column: "word", as: String.self))
        }
        var found: [String: [String]?] = [:]
        for (position, term) in terms.enumerated() {
            found[term] = words[position].count > Self.maximumExpansion ? nil : words[position].sorted()
        }
        return found
    }

    private func values(_ document: FullTextDocument, _ index: FullTextIndex) -> [String] {
        index.fields.map { SearchText.normalized(document.fields[$0.name] ?? "") }
            + [([FullTextQuery.everyDocument] + document.keywords).joined(separator: " ")]
    }

    private func insertRow(rowid: Int64, values: [String], _ index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await database.raw("""
            INSERT INTO \(ident: ftsTable(index)) (rowid, \(SQLList(columns(index).map { SQLIdentifier($0) })))
            VALUES (\(bind: rowid), \(SQLList(values.map { SQLBind($0) })))
            """).run()
    }

    /// Takes the document out and returns its rowid (nil if it was not indexed).
    private func takeOut(_ documentID: String, _ index: FullTextIndex, on database: any SQLDatabase) async throws -> Int64? {
        guard let row = try await database.raw("DELETE FROM \(ident: idTable(index)) WHERE document_id = \(bind: documentID) RETURNING rowid").first() else { return nil }
        let rowid = try row.decode(column: "rowid", as: Int64.self)
        try await database.raw("DELETE FROM \(ident: ftsTable(index)) WHERE rowid = \(bind: rowid)").run()
        return rowid
    }

    /// A new rowid above every other (the companion table's INTEGER PRIMARY KEY takes max + 1).
    private func newRowid(_ documentID: String, _ index: FullTextIndex, on database: any SQLDatabase) async throws -> Int64 {
        let row = try await database.raw("INSERT INTO \(ident: idTable(index)) (document_id) VALUES (\(bind: documentID)) RETURNING rowid").first()
        guard let row else { throw FullTextSearchError.noPositionGiven }
        return try row.decode(column: "rowid", as: Int64.self)
    }

    func upsert(documentID: String, document: FullTextDocument, in index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await remember([document], index, on: database)
        _ = try await takeOut(documentID, index, on: database)
        let rowid = try await newRowid(documentID, index, on: database)
        try await insertRow(rowid: rowid, values: values(document, index), index, on: database)
    }

    func moveToFront(documentID: String, in index: FullTextIndex, on database: any SQLDatabase) async throws {
        let columnList = SQLList(columns(index).map { SQLIdentifier($0) })
        guard let current = try await database.raw("""
            SELECT \(columnList) FROM \(ident: ftsTable(index)) WHERE rowid = (SELECT rowid FROM \(ident: idTable(index)) WHERE document_id = \(bind: documentID))
            """).first() else { return }
        let texts = try columns(index).map { try current.decode(column: $0, as: String.self) }
        _ = try await takeOut(documentID, index, on: database)
        let rowid = try await newRowid(documentID, index, on: database)
        try await insertRow(rowid: rowid, values: texts, index, on: database)
    }

    func insert(_ documents: [(documentID: String, document: FullTextDocument)], in index: FullTextIndex, on database: any SQLDatabase) async throws {
        try await remember(documents.map(\.document), index, on: database)
        let ids = SQLList(documents.map { SQLQueryString("(\(bind: $0.documentID))") })
        let rows = try await database.raw("INSERT INTO \(ident: idTable(index)) (document_id) VALUES \(ids) RETURNING rowid, document_id").all()
        var rowids: [String: Int64] = [:]
        for row in rows { rowids[try row.decode(column: "document_id", as: String.self)] = try row.decode(column: "rowid", as: Int64.self) }
        let values = SQLList(documents.compactMap { document -> SQLQueryString? in
            guard let rowid = rowids[document.documentID] else { return nil }
            return "(\(bind: rowid), \(SQLList(self.values(document.document, index).map { SQLBind($0) })))"
        })
        try await database.raw("""
            INSERT INTO \(ident: ftsTable(index)) (rowid, \(SQLList(columns(index).map { SQLIdentifier($0) }))) VALUES \(values)
            """).run()
    }

    func remove(documentID: String, from index: FullTextIndex, on database: any SQLDatabase) async throws {
        _ = try await takeOut(documentID, index, on: database)
    }

    /// Words are quoted words (or prefix queries) on the text fields, keywords quoted tokens of
    /// the keyword column: nothing a member typed is read as FTS5 syntax.
    func matchExpression(_ query: FullTextQuery, _ index: FullTextIndex, expansions: [String: [String]?] = [:]) -> String {
        let quoted = { (text: String) in "\"\(text.replacingOccurrences(of: "\"", with: ""))\"" }
        let textColumns = "{\(index.fields.map(\.name).joined(separator: " "))}"
        var parts = query.terms.map { term in
            switch expansions[term] {
            case .some(.some(let words)) where !words.isEmpty: "\(textColumns) : (\(words.map(quoted).joined(separator: " OR ")))"
            // No indexed word starts with it: the exact word, which matches nothing, at no cost.
            case .some(.some): "\(textColumns) : \(quoted(term))"
            default: "\(textColumns) : \(quoted(term))*"
            }
        }
        parts += query.allOf.map { "\(FullTextIndex.keywordsColumn) : (\($0.map(quoted).joined(separator: " OR ")))" }
        if parts.isEmpty { parts = ["\(FullTextIndex.keywordsColumn) : \(quoted(FullTextQuery.everyDocument))"] }
        return parts.joined(separator: " AND ")
    }

    /// `noneOf` is checked on each match's own keywords rather than by FTS5's NOT, which steps
    /// through the excluded keywords' whole lists when the matches are few and spread out.
    private func exclusions(_ query: FullTextQuery, _ index: FullTextIndex) -> SQLQueryString {
        let keywords = SQLQueryString("(' ' || \(ident: ftsTable(index)).\(ident: FullTextIndex.keywordsColumn) || ' ')")
        var sql: SQLQueryString = ""
        for keyword in query.noneOf { sql = "\(sql) AND instr(\(keywords), \(bind: " \(keyword) ")) = 0" }
        return sql
    }

    /// Each word counts each time a word of a field starts with it, times the field's weight;
    /// read from the candidate's own text (FTS5's bm25 would first count matches over the whole
    /// index, tens of milliseconds at a million documents).
    private func score(_ query: FullTextQuery, _ index: FullTextIndex) -> SQLQueryString {
        let fts = ftsTable(index)
        var parts: [SQLQueryString] = []
        for term in query.terms {
            for field in index.fields {
                let text = SQLQueryString("(' ' || \(ident: fts).\(ident: field.name))")
                parts.append("\(unsafeRaw: String(Self.weight(field.weight))) * ((length(\(text)) - length(replace(\(text), \(bind: " " + term), ''))) / \(unsafeRaw: String(term.count + 1)))")
            }
        }
        guard var sum = parts.first else { return "0.0" }
        for part in parts.dropFirst() { sum = "\(sum) + \(part)" }
        return "CAST(\(sum) AS REAL)"
    }

    private func matches(_ query: FullTextQuery, _ index: FullTextIndex, extra: SQLQueryString, below position: Int64?, limit: Int,
                         filter: (any SQLExpression) -> (any SQLExpression)?, on database: any SQLDatabase) async throws -> SQLQueryString {
        let fts = ftsTable(index)
        let match = matchExpression(query, index, expansions: try await expansions(query.terms, index, on: database))
        let bound = position.map { SQLQueryString("AND \(ident: fts).rowid < \(bind: $0)") } ?? ""
        let condition = filter(SQLColumn("document_id", table: "ids")).map { SQLQueryString("AND \($0)") } ?? SQLQueryString("")
        // FTS5 walks matches in descending rowid order, so the limit stops the walk and the
        // columns are computed only for the rows kept. CROSS JOIN keeps FTS5 the outer loop:
        // left free, SQLite may walk the id table in rowid order and probe FTS5 once per id,
        // a hundred times slower.
        return """
            SELECT ids.document_id AS document_id, \(ident: fts).rowid AS position, \(ident: fts).\(ident: FullTextIndex.keywordsColumn) AS keywords\(extra)
            FROM \(ident: fts) CROSS JOIN \(ident: idTable(index)) AS ids ON ids.rowid = \(ident: fts).rowid
            WHERE \(ident: fts) MATCH \(bind: match) \(exclusions(query, index)) \(bound) \(condition)
            ORDER BY \(ident: fts).rowid DESC LIMIT \(bind: limit)
            """
    }

    func recent(_ query: FullTextQuery, in index: FullTextIndex, below position: Int64?, limit: Int,
                filter: (any SQLExpression) -> (any SQLExpression)?, on database: any SQLDatabase) async throws -> any SQLExpression {
        try await matches(query, index, extra: "", below: position, limit: limit, filter: filter, on: database)
    }

    func candidates(_ query: FullTextQuery, in index: FullTextIndex, candidateLimit: Int,
                    filter: (any SQLExpression) -> (any SQLExpression)?, on database: any SQLDatabase) async throws -> any SQLExpression {
        try await matches(query, index, extra: ", \(score(query, index)) AS score", below: nil, limit: candidateLimit, filter: filter, on: database)
    }

    func search(_ query: FullTextQuery, in index: FullTextIndex, limit: Int, candidateLimit: Int, on database: any SQLDatabase) async throws -> [FullTextHit] {
        let rows = try await database.raw("""
            SELECT found.document_id AS document_id, found.score AS score
            FROM (\(try await candidates(query, in: index, candidateLimit: candidateLimit, filter: { _ in nil }, on: database))) AS found
            ORDER BY found.score DESC, found.position DESC LIMIT \(bind: limit)
            """).all()
        return try rows.map {
            FullTextHit(documentID: try $0.decode(column: "document_id", as: String.self), score: try $0.decode(column: "score", as: Double.self))
        }
    }

    private static func weight(_ weight: FullTextIndex.Weight) -> Int {
        switch weight {
        case .high: 8
        case .medium: 4
        case .low: 2
        case .lowest: 1
        }
    }
}
