import Fluent
import Vapor

/// The one place that decides who may see what. Profiles, the directory (its audience keyword
/// filter and its counts per audience) and `/media` ask it; later features add their audiences
/// here instead of writing the rule again.
public struct AudiencePolicy: Sendable {
    public let relations: any AudienceRelations

    public init(relations: any AudienceRelations = NoAudienceRelations()) {
        self.relations = relations
    }

    /// Whether `viewer` (nil: a visitor) may see `subject`. Owners always see their own things;
    /// nobody else sees the things of an unlistable owner, nor across a block; moderators and
    /// admins see what members see (their tools for more come with moderation).
    public func allows(_ viewer: Principal?, _ subject: AudienceSubject, on database: any Database) async throws -> Bool {
        if let viewer, viewer.memberID == subject.owner { return true }
        guard subject.ownerIsListable else { return false }
        if let viewer, try await relations.isBlocked(between: viewer.memberID, and: subject.owner, on: database) {
            return false
        }
        switch subject.audience {
        case .everyone: return true
        case .members: return viewer != nil
        case .connections:
            guard let viewer else { return false }
            return try await relations.isConnection(viewer.memberID, of: subject.owner, on: database)
        case .owner: return false
        }
    }

    /// The audiences whose things may be listed to `viewer` in lists of many owners, where each
    /// owner is not asked one by one (the directory). Connections-only things are never listed
    /// there: they are shown one by one, to those `allows` lets through.
    public func listed(to viewer: Principal?) -> [Audience] {
        Self.listed(signedIn: viewer != nil)
    }

    /// The same for a kind of viewer rather than one viewer: what counts kept per audience use.
    public static func listed(signedIn: Bool) -> [Audience] {
        signedIn ? [.everyone, .members] : [.everyone]
    }

    /// Who may keep a copy of something shown to `audience`: shared caches only for everyone's.
    public static func mayBeCachedPublicly(_ audience: Audience) -> Bool { audience == .everyone }
}

extension Application {
    private struct RelationsKey: StorageKey { typealias Value = any AudienceRelations }

    /// Set by the feature that owns connections and blocks; read through `audiencePolicy`.
    public var audienceRelations: any AudienceRelations {
        get { storage[RelationsKey.self] ?? NoAudienceRelations() }
        set { storage[RelationsKey.self] = newValue }
    }

    public var audiencePolicy: AudiencePolicy { AudiencePolicy(relations: audienceRelations) }
}

extension Request {
    public var audiencePolicy: AudiencePolicy { application.audiencePolicy }
}
