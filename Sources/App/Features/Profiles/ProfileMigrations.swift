import Foundation
import Fluent
import SQLKit

/// Profiles: one row per member, plus their coded values.
struct CreateMemberProfiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberProfile.schema)
            .field("member_id", .uuid, .identifier(auto: false), .references(Member.schema, "id", onDelete: .cascade))
            .field("headline", .string, .required)
            .field("bio", .string, .required)
            .field("city", .string, .required)
            .field("visibility", .string, .required)
            .field("open_to_contact", .bool, .required)
            .field("photo_hash", .string)
            .field("links", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        // Photo removal asks whether anyone else still shows the same bytes.
        try await sql.create(index: "member_profiles_photo_hash").on(MemberProfile.schema).column("photo_hash").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MemberProfile.schema).delete()
    }
}

/// A profile's coded values, one row each: the directory filters on (kind, code) and counts
/// facets by grouping them.
struct CreateProfileTags: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProfileTags.schema)
            .field("member_id", .uuid, .required, .references(MemberProfile.schema, "member_id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .field("position", .int, .required)
            .unique(on: "member_id", "kind", "code")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "profile_tags_kind_code").on(ProfileTags.schema).column("kind").column("code").column("member_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProfileTags.schema).delete()
    }
}

/// The directory's full-text index over names, headlines, skills, cities and bios.
struct CreateMemberSearchIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await FullTextSearch.dialect(for: sql).createIndex(ProfileSearchDocument.index, on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await FullTextSearch.dialect(for: sql).dropIndex(ProfileSearchDocument.index, on: sql)
    }
}

/// The directory's index gains keywords (coded values and visibility, so it answers filtered
/// queries by itself) and lists documents in activity order: rebuilt from every saved profile,
/// least recently active first, in batches.
struct RebuildMemberSearchIndexWithKeywords: AsyncMigration {
    let reference: ReferenceData
    static let batchSize = 1000

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let dialect = FullTextSearch.dialect(for: sql)
        try await dialect.dropIndex(ProfileSearchDocument.index, on: sql)
        try await dialect.createIndex(ProfileSearchDocument.index, on: sql)
        let order = try await sql.raw("""
            SELECT p.member_id AS member_id FROM member_profiles p JOIN members m ON m.id = p.member_id
            ORDER BY m.last_active_at ASC, m.id ASC
            """).all().map { try $0.decode(column: "member_id", as: UUID.self) }
        for start in stride(from: 0, to: order.count, by: Self.batchSize) {
            let profiles = try await ProfileBatch.load(Array(order[start..<min(start + Self.batchSize, order.count)]), on: database)
            try await FullTextSearch.insert(profiles.map { profile in
                (documentID: ProfileSearchDocument.documentID(profile.memberID), document: ProfileSearchDocument.document(of: profile, reference: reference))
            }, in: ProfileSearchDocument.index, on: database)
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let dialect = FullTextSearch.dialect(for: sql)
        try await dialect.dropIndex(ProfileSearchDocument.index, on: sql)
        try await dialect.createIndex(ProfileSearchDocument.index, on: sql)
    }
}

/// The directory no longer reads `profile_tags` by value (the search index holds the values), so
/// the (kind, code, member_id) index only slowed every profile save and the demo load.
struct DropProfileTagsKindCodeIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "profile_tags_kind_code").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "profile_tags_kind_code").on(ProfileTags.schema).column("kind").column("code").column("member_id").run()
    }
}
