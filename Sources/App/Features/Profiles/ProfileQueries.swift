import Fluent
import Foundation
import SQLKit

/// The ways to read a profile, each already limited to what the caller may see.
enum ProfileQueries {
    /// The profile of `memberID` if `viewer` may see it, else `nil` (missing and hidden answer
    /// the same 404). Suspended members' profiles are seen by no one; profiles of members whose
    /// address is not verified yet are seen only by themselves.
    static func visible(_ memberID: UUID, to viewer: Principal?, on database: any Database) async throws -> ProfileDetails? {
        guard let details = try await load(memberID, on: database) else { return nil }
        if viewer?.memberID == memberID { return details.profile }
        guard details.isListable, details.profile.exists, details.profile.visibility.allows(viewer, owner: memberID) else { return nil }
        return details.profile
    }

    /// The signed-in member's own profile, saved or not.
    static func own(_ principal: Principal, on database: any Database) async throws -> ProfileDetails {
        guard let details = try await load(principal.memberID, on: database) else { throw SignInRequired() }
        return details.profile
    }

    private struct Loaded {
        let profile: ProfileDetails
        let isListable: Bool
    }

    private static func load(_ memberID: UUID, on database: any Database) async throws -> Loaded? {
        guard let member = try await Member.find(memberID, on: database), !member.isSuspended else { return nil }
        var details = ProfileDetails(memberID: memberID, displayName: member.displayName)
        if let row = try await MemberProfile.find(memberID, on: database) {
            let codes = try await ProfileTags.load(for: [memberID], on: database as! any SQLDatabase)[memberID] ?? ProfileCodes()
            details = ProfileDetails(memberID: memberID, displayName: member.displayName, row: row, codes: codes)
        }
        return Loaded(profile: details, isListable: member.emailVerifiedAt != nil)
    }
}
