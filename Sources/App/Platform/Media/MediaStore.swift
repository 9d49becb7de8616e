import Crypto
import Fluent
import Foundation
import SQLKit

/// Stores checked images by content hash and removes them when nothing refers to them any more.
/// Features decide what refers to a file; the store only keeps bytes.
enum MediaStore {
    /// Stores the image (once, however many members upload the same bytes) and returns its hash.
    static func store(_ image: InspectedImage, on database: any Database) async throws -> String {
        let hash = SHA256.hash(data: image.bytes).map { String(format: "%02x", $0) }.joined()
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            INSERT INTO \(ident: MediaFile.schema) (hash, media_type, byte_count, width, height, bytes, created_at)
            VALUES (\(bind: hash), \(bind: image.format.mediaType), \(bind: image.bytes.count), \(bind: image.width), \(bind: image.height), \(bind: Data(image.bytes)), \(bind: Date()))
            ON CONFLICT (hash) DO NOTHING
            """).run()
        return hash
    }

    static func delete(_ hash: String, on database: any Database) async throws {
        try await MediaFile.query(on: database).filter(\.$id == hash).delete()
    }

    /// The file named `hash`, or `nil`; anything that is not a SHA-256 hex name is `nil` without a query.
    static func find(_ hash: String, on database: any Database) async throws -> MediaFile? {
        guard isHash(hash) else { return nil }
        return try await MediaFile.find(hash, on: database)
    }

    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The link under which a stored file is served.
    static func path(for hash: String) -> String { PlatformURL.media(.value(hash)).path }
}
