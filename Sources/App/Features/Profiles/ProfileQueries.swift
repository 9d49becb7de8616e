import Fluent
import Foundation
import SQLKit

/// The ways to read a profile, each already limited to what the caller may see.
enum ProfileQueries {
    /// The profile of `memberID` if `viewer` may see it by `policy`, else `nil` (missing and
    /// hidden answer the same 404). Suspended members' profiles are seen by no one; profiles of
    /// members whose address is not verified yet are seen only by themselves.
    static func visible(_ memberID: UUID, to viewer: Principal?, by policy: AudiencePolicy, on database: any Database) async throws -> ProfileDetails? {
        guard let details = try await load(memberID, on: database) else { return nil }
        if viewer?.memberID == memberID { return details.profile }
        let subject = AudienceSubject(owner: memberID, audience: details.profile.visibility.audience, ownerIsListable: details.isListable)
        guard details.profile.exists, try await policy.allows(viewer, subject, on: database) else { return nil }
        return details.profile
    }

    /// The profiles whose photo is the file `hash`, as audiences for `/media` (`MediaUses`).
    static func photoUses(_ hash: String, on database: any Database) async throws -> [AudienceSubject] {
        let profiles = try await MemberProfile.query(on: database).filter(\.$photoHash == hash).limit(Self.photoUsesChecked).all()
        guard !profiles.isEmpty else { return [] }
        let owners = try await Member.query(on: database).filter(\.$id ~~ profiles.map { $0.id! }).all()
        let listable = Set(owners.filter(\.isListable).compactMap(\.id))
        return profiles.map { AudienceSubject(owner: $0.id!, audience: $0.visibility.audience, ownerIsListable: listable.contains($0.id!)) }
    }

    /// Members who uploaded the very same bytes share one file; this many of them are enough to
    /// find one the viewer may see.
    static let photoUsesChecked = 20

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
        guard let member = try await Member.find(memberID, on: database), member.suspendedAt == nil else { return nil }
        var details = ProfileDetails(memberID: memberID, displayName: member.displayName)
        if let row = try await MemberProfile.find(memberID, on: database) {
            let codes = try await ProfileTags.load(for: [memberID], on: database as! any SQLDatabase)[memberID] ?? ProfileCodes()
            details = ProfileDetails(memberID: memberID, displayName: member.displayName, row: row, codes: codes)
        }
        return Loaded(profile: details, isListable: member.isListable)
    }
}
