import Fluent
import Foundation
import SQLKit

/// Loads many profiles in three queries (members, profiles, coded values), whatever their
/// number, in the order of `ids`. Checks no visibility: callers pass ids they have already
/// filtered (the directory's results) or need whole (rebuilding the search index).
enum ProfileBatch {
    static func load(_ ids: [UUID], on database: any Database) async throws -> [ProfileDetails] {
        guard !ids.isEmpty else { return [] }
        let members = try await Member.query(on: database).filter(\.$id ~~ ids).all()
        let profiles = try await MemberProfile.query(on: database).filter(\.$id ~~ ids).all()
        let codes = try await ProfileTags.load(for: ids, on: database as! any SQLDatabase)
        let names = Dictionary(uniqueKeysWithValues: members.compactMap { member in member.id.map { ($0, member.displayName) } })
        let rows = Dictionary(uniqueKeysWithValues: profiles.compactMap { profile in profile.id.map { ($0, profile) } })
        return ids.compactMap { id in
            guard let name = names[id], let row = rows[id] else { return nil }
            return ProfileDetails(memberID: id, displayName: name, row: row, codes: codes[id] ?? ProfileCodes())
        }
    }
}
