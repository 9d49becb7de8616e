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
        precondition(Self.isIdentifier(name) && fields.allSatisfy { Self.isIdentifier($0.name) } && !fields.isEmpty,
                     "index and field names are SQL identifiers chosen in code")
        self.name = name
        self.fields = fields
        self.documentID = documentID
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && !text.first!.isNumber
    }
}

/// A ranked result: the id of the matching document and its relevance (higher is better).
public struct FullTextHit: Sendable, Equatable {
    public let documentID: String
    public let score: Double
}

/// What a database must do to index and search text. Two implementations: SQLite FTS5 and
/// PostgreSQL `tsvector` with a GIN index; features never see which one runs.
public protocol FullTextDialect: Sendable {
    /// Creates the index's tables; called from a feature's migration.
    func createIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws
    func dropIndex(_ index: FullTextIndex, on database: any SQLDatabase) async throws
    /// Adds or replaces a document; `fields` maps field names to text (missing fields are empty).
    func upsert(documentID: String, fields: [String: String], in index: FullTextIndex, on database: any SQLDatabase) async throws
    func remove(documentID: String, from index: FullTextIndex, on database: any SQLDatabase) async throws
    /// Adds many documents that are not indexed yet, in a few statements (bulk loads, demo data).
    func insert(_ documents: [(documentID: String, fields: [String: String])], in index: FullTextIndex, on database: any SQLDatabase) async throws
    /// The best `limit` matches among at most `candidateLimit` of the most recently added
    /// matching documents: ranking every match of a common word does not scale, so relevance is
    /// computed over a bounded candidate set.
    func search(_ terms: [String], in index: FullTextIndex, limit: Int, candidateLimit: Int, on database: any SQLDatabase) async throws -> [FullTextHit]
    /// A subquery with the columns `document_id`, `score` and `position` (higher is more
    /// recently indexed): the `candidateLimit` most recently indexed matches among documents
    /// whose id satisfies `filter`, for a feature to rank and join with its own tables.
    func candidates(_ terms: [String], in index: FullTextIndex, filter: (any SQLExpression) -> (any SQLExpression)?, candidateLimit: Int) -> any SQLExpression
}

/// The single entry point features use for full-text search.
public enum FullTextSearch {
    /// The dialect for the database behind `database`.
    public static func dialect(for database: any SQLDatabase) -> any FullTextDialect {
        database.dialect.name == "postgresql" ? PostgresFullTextDialect() : SQLiteFullTextDialect()
    }

    public static func upsert(documentID: String, fields: [String: String], in index: FullTextIndex, on database: any Database) async throws {
        let sql = try sqlDatabase(database)
        try await dialect(for: sql).upsert(documentID: documentID, fields: fields, in: index, on: sql)
    }

    /// Adds documents that are not indexed yet, in one batch.
    public static func insert(_ documents: [(documentID: String, fields: [String: String])], in index: FullTextIndex, on database: any Database) async throws {
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
        let terms = SearchText.terms(of: text)
        guard !terms.isEmpty, limit > 0 else { return [] }
        let sql = try sqlDatabase(database)
        return try await dialect(for: sql).search(terms, in: index, limit: min(limit, candidateLimit), candidateLimit: candidateLimit, on: sql)
    }

    /// The matches of what a member typed as a subquery (see ``FullTextDialect/candidates``);
    /// `nil` when the text holds no word to search for. `filter` receives the document id column.
    public static func candidates(
        _ text: String, in index: FullTextIndex, candidateLimit: Int, on database: any SQLDatabase,
        filter: (any SQLExpression) -> (any SQLExpression)? = { _ in nil }
    ) -> (any SQLExpression)? {
        let terms = SearchText.terms(of: text)
        guard !terms.isEmpty else { return nil }
        return dialect(for: database).candidates(terms, in: index, filter: filter, candidateLimit: candidateLimit)
    }

    static func sqlDatabase(_ database: any Database) throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw FullTextSearchError.unsupportedDatabase }
        return sql
    }
}

enum FullTextSearchError: Error {
    case unsupportedDatabase
}

/// Turns free text into the words both dialects index and search, so SQLite and PostgreSQL
/// agree on what matches: lower case, accents folded ("Sénégal" matches "senegal").
public enum SearchText {
    /// At most this many words of a query count; the rest is ignored.
    public static let maximumQueryTerms = 8

    /// The text as indexed: its words separated by single spaces.
    public static func normalized(_ text: String) -> String {
        words(of: text).joined(separator: " ")
    }

    /// The distinct words of a query, in order, bounded in count and length.
    public static func terms(of text: String) -> [String] {
        var seen = Set<String>()
        var terms: [String] = []
        for word in words(of: String(text.prefix(500))) where seen.insert(word).inserted {
            terms.append(String(word.prefix(64)))
            if terms.count == maximumQueryTerms { break }
        }
        return terms
    }

    static func words(of text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en"))
        return folded.lowercased()
            .split { !($0.isLetter || $0.isNumber) }
            .map(String.init)
    }
}
