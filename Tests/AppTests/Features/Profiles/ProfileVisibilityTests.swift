@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// Who may read a profile, through the page and the API: everything else is 404, never 403.
@Suite("Profile visibility")
struct ProfileVisibilityTests {
    enum Viewer: String, CaseIterable, CustomTestStringConvertible {
        case anonymous, member, connectionToBe, owner, admin
        var testDescription: String { rawValue }
    }

    /// Expected: who sees each visibility. Until connections exist, a future connection is a member
    /// like any other, and admins read profiles as members do (moderation gets its own path).
    static func expected(_ viewer: Viewer, _ visibility: ProfileVisibility) -> Bool {
        switch (viewer, visibility) {
        case (.owner, _): true
        case (_, .public): true
        case (.anonymous, _): false
        case (_, .members): true
        case (_, .connections): false
        }
    }

    @Test(arguments: Viewer.allCases, ProfileVisibility.allCases)
    func pageAndAPIFollowTheVisibilityRule(viewer: Viewer, visibility: ProfileVisibility) async throws {
        try await withApp { app async throws in
            let owner = try await makeMemberWithProfile(app, email: "owner@example.org", name: "Owner Person", visibility: visibility)
            try await makeMember(app, email: "member@example.org", name: "Member")
            try await makeMember(app, email: "friend@example.org", name: "Friend")
            try await makeMember(app, email: "admin@example.org", name: "Admin", role: .admin)
            let email: String? = switch viewer {
            case .anonymous: nil
            case .member: "member@example.org"
            case .connectionToBe: "friend@example.org"
            case .owner: "owner@example.org"
            case .admin: "admin@example.org"
            }
            var browser = Browser()
            if let email { browser = try await signedIn(app, email: email) }
            let id = try owner.requireID().uuidString.lowercased()
            let allowed = Self.expected(viewer, visibility)

            try await app.testing().test(.GET, "/members/\(id)", headers: browser.headers) { res async throws in
                #expect(res.status == (allowed ? .ok : .notFound))
                if allowed {
                    #expect(res.body.string.contains("Owner Person"))
                    #expect(!res.body.string.contains("owner@example.org"))
                }
            }
            try await app.testing().test(.GET, "/api/v1/members/\(id)", headers: browser.headers) { res async throws in
                #expect(res.status == (allowed ? .ok : .notFound))
                #expect(!res.body.string.contains("owner@example.org"))
            }
        }
    }

    @Test func suspendedAndUnverifiedMembersAreSeenByNoOneElse() async throws {
        try await withApp { app async throws in
            let suspended = try await makeMemberWithProfile(app, email: "s@example.org", name: "Suspended", suspended: true)
            let unverified = try await makeMemberWithProfile(app, email: "u@example.org", name: "Unverified", verified: false)
            try await makeMember(app, email: "member@example.org", name: "Member")
            let browser = try await signedIn(app, email: "member@example.org")
            for member in [suspended, unverified] {
                try await app.testing().test(.GET, "/members/\(try member.requireID())", headers: browser.headers) { res async throws in
                    #expect(res.status == .notFound)
                }
            }
            // The unverified owner still sees their own profile.
            let own = try await signedIn(app, email: "u@example.org")
            try await app.testing().test(.GET, "/members/\(try unverified.requireID())", headers: own.headers) { res async throws in
                #expect(res.status == .ok)
            }
        }
    }

    @Test func unknownAndMalformedIDsAre404() async throws {
        try await withApp { app async throws in
            for path in ["/members/\(UUID())", "/members/not-a-uuid", "/api/v1/members/\(UUID())", "/api/v1/members/%00"] {
                try await app.testing().test(.GET, path) { res async throws in
                    #expect(res.status == .notFound, "\(path)")
                }
            }
        }
    }

    @Test func anotherMemberCannotChangeAProfileThroughAnyRoute() async throws {
        try await withApp { app async throws in
            let owner = try await makeMemberWithProfile(app, email: "owner@example.org", name: "Owner Person", visibility: .connections, headline: "Original")
            let intruder = try await makeMember(app, email: "intruder@example.org", name: "Intruder")
            var browser = try await signedIn(app, email: "intruder@example.org")
            let ownerID = try owner.requireID()
            // Every write route acts on the caller's own profile; there is no id to aim at.
            try await submit(app, "/me/profile?member=\(ownerID)", ["displayName": "Intruder", "headline": "Hacked", "countriesOfOrigin": "FR", "visibility": "public"], as: &browser)
            try await api(app, .PATCH, "/me/profile", json: ["headline": "Hacked"], headers: try await bearer(app, for: intruder)) { res async throws in
                #expect(res.status == .ok)
            }
            // What changed is the intruder's own profile (created by the form above).
            #expect(try await MemberProfile.find(try intruder.requireID(), on: app.db)?.headline == "Hacked")
            try await api(app, .DELETE, "/me/photo", headers: try await bearer(app, for: intruder)) { res async throws in
                #expect(res.status == .noContent)
            }
            let stored = try #require(try await MemberProfile.find(ownerID, on: app.db))
            #expect(stored.headline == "Original")
            #expect(stored.visibility == .connections)
            // Reading it is refused too, page and API.
            try await app.testing().test(.GET, "/members/\(ownerID)", headers: browser.headers) { res async throws in #expect(res.status == .notFound) }
            try await api(app, .GET, "/members/\(ownerID)", headers: try await bearer(app, for: intruder)) { res async throws in #expect(res.status == .notFound) }
            try await api(app, .GET, "/members", headers: try await bearer(app, for: intruder)) { res async throws in
                #expect(!res.body.string.contains(ownerID.uuidString))
            }
        }
    }

    @Test func visitorsAreSentToSignInFromTheEditPagesAndAPI() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/me/profile") { res async throws in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
            }
            try await api(app, .GET, "/me/profile") { res async throws in #expect(res.status == .unauthorized) }
            try await api(app, .PATCH, "/me/profile", json: ["headline": "x"]) { res async throws in #expect(res.status == .unauthorized) }
            try await api(app, .DELETE, "/me/photo") { res async throws in #expect(res.status == .unauthorized) }
        }
    }
}
