import Fluent
import Foundation
import SQLKit

/// Loads the profiles of a result page in three queries (members, profiles, coded values),
/// whatever the page size; only called with ids `DirectorySearch` has already filtered.
enum DirectoryCards {
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
