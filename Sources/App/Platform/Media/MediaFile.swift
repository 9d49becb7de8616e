import Fluent
import Foundation

/// Uploaded bytes kept in the database, so every instance behind a load balancer serves the
/// same files without shared disks. Named by the SHA-256 of the bytes: identical uploads are
/// stored once, and a name never changes meaning (it can be cached forever).
final class MediaFile: Model, @unchecked Sendable {
    static let schema = "media_files"

    // managed fields
    /// Lower-case hex SHA-256 of `bytes`.
    @ID(custom: "hash", generatedBy: .user) var id: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "media_type") var mediaType: String
    @Field(key: "byte_count") var byteCount: Int
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "bytes") var bytes: Data

    init() {}

    init(hash: String, mediaType: String, width: Int, height: Int, bytes: Data) {
        self.id = hash
        self.mediaType = mediaType
        self.byteCount = bytes.count
        self.width = width
        self.height = height
        self.bytes = bytes
    }
}

/// The media table.
struct CreateMediaFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MediaFile.schema)
            .field("hash", .string, .identifier(auto: false))
            .field("media_type", .string, .required)
            .field("byte_count", .int, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("bytes", .data, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MediaFile.schema).delete()
    }
}
