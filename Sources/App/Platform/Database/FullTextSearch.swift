import Fluent
import Foundation
import SQLKit

/// One full-text index over the text fields of one kind of document (members, resources,
/// opportunities…). Features declare it once and index through ``FullTextSearch``.
public struct FullTextIndex: Sendable {
    /// How much a match in a field counts towards relevance.
    public enum Weight: Int, Sendable {
        case high = 0, medium, low, lowest
    }

    public struct Field: Sendable {
        public let name: String
        public let weight: Weight
        public init(_ name: String, weight: Weight) {
            self.name = name
            self.weight = weight
        }
    }

    /// What identifies a document, so a feature can join its own table on the index's ids.
    public enum DocumentID: Sendable {
        /// Any text.
        case text
        /// A row's UUID: stored as Fluent stores UUIDs (`uuidString` text on SQLite, `uuid` on
        /// PostgreSQL), so the index joins the feature's `id` column without a cast.
        case uuid
    }

    /// Prefix of the index's own tables; letters, digits and underscores only.
    public let name: String
    public let fields: [Field]
    public let documentID: DocumentID

    public init(name: String, fields: [Field], documentID: DocumentID = .text) {
        precondition(Self.isIdentifier(name) && fields.allSatisfy { Self.isIdentifier($0.name) && $0.name != Self.keywordsColumn } && !fields.isEmpty,
                     "index and field names are SQL identifiers chosen in code; `keywords` is the index's own")
        self.name = name
        self.fields = fields
        self.documentID = documentID
    }

    /// The column holding each document's keywords.
    static let keywordsColumn = "keywords"

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && !text.first!.isNumber
    }
}


/// What is indexed of one document: text per field, searched by words, and keywords, exact
/// labels a feature filters on (a country, a skill, who may see it) that free text never matches.
public struct FullTextDocument: Sendable {
    public var fields: [String: String]
    public var keywords: [String]

    public init(fields: [String: String], keywords: [String] = []) {
        self.fields = fields
        self.keywords = keywords.map(FullTextQuery.keyword)
    }
}

/// What to find: documents holding every word (as a prefix) in their text fields, at least one
/// keyword of each group in `allOf`, and none of `noneOf`. An empty query finds every document
/// not excluded.
public struct FullTextQuery: Sendable, Equatable {
    public var terms: [String]
    public var allOf: [[String]]
    public var noneOf: [String]

    /// `text` is what a member typed: any input is safe, no query syntax reaches the database.
    public init(text: String = "", allOf: [[String]] = [], noneOf: [String] = []) {
        self.terms = SearchText.terms(of: text)
        self.allOf = allOf.map { $0.map(Self.keyword) }.filter { !$0.isEmpty }
        self.noneOf = noneOf.map(Self.keyword)
    }

    /// Keywords are stored and matched as lower-case ASCII letters and digits (both databases
    /// then read them as one token); anything else becomes `0`.
    public static func keyword(_ text: String) -> String {
        let kept = String(text.lowercased().unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "0"
        })
        return kept.isEmpty ? "0" : String(kept.prefix(200))
    }

    /// Held by every document, so a query without words or groups still has something to match.
    static let everyDocument = "0every"
}

/// A ranked result: the id of the matching document and its relevance (higher is better).
public struct FullTextHit: Sendable, Equatable {
    public let documentID: String
    public let score: Double
}

/// What a database must do to index and search text. Two implementations: SQLite FTS5 and
/// PostgreSQL `tsvector` with a GIN index; features never see which one runs.
///
/// Every document has a position: indexing or re-indexing it, or `moveToFront`, gives it the
/// highest so far, so "most recent first" is a walk of the index in position order that stops
/// after a page, whatever the number of documents.
public protocol FullTextDialect: Sendable {
    /// Creates the index's tables; called from a feature's migration.
    func createIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws
    func dropIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws
    /// Adds or replaces a document, and moves it to the front.
    func upsert(documentID: String, document: FullTextDocument, in index: FullTextIndex, on database: any SQLDatabase) async throws
    /// Gives the document the highest position without re-indexing it (nothing if absent).
    func moveToFront(documentID: String, in index: FullTextIndex, on database: any SQLDatabase) async throws
    func remove(documentID: String, from index: FullTextIndex, on database: any SQLDatabase) async throws
    /// Adds many documents that are not indexed yet, in a few statements (bulk loads, demo data);
    /// they take positions in the order given.
    func insert(_ documents: [(documentID: String, document: FullTextDocument)], in index: FullTextIndex, on database: any SQLDatabase) async throws
    /// The best `limit` matches among the `candidateLimit` matches in front.
    func search(_ query: FullTextQuery, in index: FullTextIndex, limit: Int, candidateLimit: Int, on database: any SQLDatabase) async throws -> [FullTextHit]
    /// A subquery with the columns `document_id`, `position` and `keywords` (space-separated):
    /// the first `limit` matches below `position` (or from the front) whose id satisfies `filter`,
    /// highest position first.
    func recent(_ query: FullTextQuery, in index: FullTextIndex, below position: Int64?, limit: Int,
                filter: (any SQLExpression) -> (any SQLExpression)?, on database: any SQLDatabase) async throws -> any SQLExpression
    /// Like `recent`, plus a `score` column (higher is more relevant): the `candidateLimit`
    /// matches in front, for a feature to rank. Relevance counts each word each time it appears,
    /// weighted by its field; it never reads the whole index (no corpus statistics), so its cost
    /// stays bounded by the candidates.
    func candidates(_ query: FullTextQuery, in index: FullTextIndex, candidateLimit: Int,
                    filter: (any SQLExpression) -> (any SQLExpression)?, on database: any SQLDatabase) async throws -> any SQLExpression
}

/// The single entry point features use for full-text search.
public enum FullTextSearch {
    /// The dialect for the database behind `database`.
    public static func dialect(for database: any SQLDatabase) -> any FullTextDialect {
        database.dialect.name == "postgresql" ? PostgresFullTextDialect() : SQLiteFullTextDialect()
    }

    public static func upsert(documentID: String, document: FullTextDocument, in index: FullTextIndex, on database: any Database) async throws {
        let sql = try sqlDatabase(database)
        try await dialect(for: sql).upsert(documentID: documentID, document: document, in: index, on: sql)
    }

    public static func moveToFront(documentID: String, in index: FullTextIndex, on database: any Database) async throws {
        let sql = try sqlDatabase(database)
        try await dialect(for: sql).moveToFront(documentID: documentID, in: index, on: sql)
    }

    /// Adds documents that are not indexed yet, in one batch.
    public static func insert(_ documents: [(documentID: String, document: FullTextDocument)], in index: FullTextIndex, on database: any Database) async throws {
        guard !documents.isEmpty else { return }
        let sql = try sqlDatabase(database)
        try await dialect(for: sql).insert(documents, in: index, on: sql)
    }

    public static func remove(documentID: String, from index: FullTextIndex, on database: any Database) async throws {
        let sql = try sqlDatabase(database)
        try await dialect(for: sql).remove(documentID: documentID, from: index, on: sql)
    }

    /// Searches with what a member typed; any input is safe (no query syntax reaches the database).
    public static func search(_ text: String, in index: FullTextIndex, limit: Int = 20, candidateLimit: Int = 1000, on database: any Database) async throws -> [FullTextHit] {
        let query = FullTextQuery(text: text)
        guard !query.terms.isEmpty, limit > 0 else { return [] }
        let sql = try sqlDatabase(database)
        return try await dialect(for: sql).search(query, in: index, limit: min(limit, candidateLimit), candidateLimit: candidateLimit, on: sql)
    }

    static func sqlDatabase(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw FullTextSearchError.unsupportedDatabase }
        return sql
    }
}

enum FullTextSearchError: Error {
    case unsupportedDatabase
    /// The database inserted a document without returning its new position.
    case noPositionGiven
}
