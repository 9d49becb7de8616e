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
