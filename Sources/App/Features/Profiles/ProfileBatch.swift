import Fluent
import Foundation
import SQLKit

/// Loads many profiles in two queries (members with their profiles, coded values — one when the
/// caller already knows the codes), whatever their number, in the order of `ids`. Reads rows directly rather than through Fluent models,
/// whose reflection-based decoding costs more than the queries on a directory page. Checks no
/// visibility: callers pass ids they have already filtered (the directory's results) or need
/// whole (rebuilding the search index).
enum ProfileBatch {
    static func load(_ ids: [UUID], codes known: [UUID: ProfileCodes]? = nil, on database: any Database) async throws -> [ProfileDetails] {
        guard !ids.isEmpty else { return [] }
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT m.id AS id, m.display_name AS display_name, p.headline AS headline, p.bio AS bio, p.city AS city,
                   p.visibility AS visibility, p.open_to_contact AS open_to_contact, p.photo_hash AS photo_hash, p.links AS links
            FROM member_profiles p JOIN members m ON m.id = p.member_id
            WHERE p.member_id IN (\(SQLList(ids.map { SQLBind($0) })))
            """).all()
        let codes: [UUID: ProfileCodes]
        if let known { codes = known } else { codes = try await ProfileTags.load(for: ids, on: sql) }
        var profiles: [UUID: ProfileDetails] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            var profile = ProfileDetails(memberID: id, displayName: try row.decode(column: "display_name", as: String.self))
            profile.exists = true
            profile.headline = try row.decode(column: "headline", as: String.self)
            profile.bio = try row.decode(column: "bio", as: String.self)
            profile.city = try row.decode(column: "city", as: String.self)
            profile.visibility = ProfileVisibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .connections
            profile.openToContact = try row.decode(column: "open_to_contact", as: Bool.self)
            profile.photoHash = try row.decode(column: "photo_hash", as: String?.self)
            profile.links = MemberProfile.links(fromJSON: try row.decode(column: "links", as: String.self))
            profile.codes = codes[id] ?? ProfileCodes()
            profiles[id] = profile
        }
        return ids.compactMap { profiles[$0] }
    }
}
