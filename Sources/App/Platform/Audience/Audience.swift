import Foundation

/// Who an object is shown to, as its owner chose. Features map their own settings onto these
/// (a profile's visibility, later a community's or a conversation's members), so the rule for
/// each audience is written once, in `AudiencePolicy`.
public enum Audience: Sendable, Equatable {
    /// Anyone, signed in or not.
    case everyone
    /// Signed-in members.
    case members
    /// The owner's connections, through whatever relation `AudienceRelations` provides.
    case connections
    /// The owner alone.
    case owner
}

/// Something shown to an audience: whose it is, to whom it is shown, and whether its owner may
/// be shown to others at all (suspended members and unconfirmed addresses are not).
public struct AudienceSubject: Sendable {
    public let owner: UUID
    public let audience: Audience
    public let ownerIsListable: Bool

    public init(owner: UUID, audience: Audience, ownerIsListable: Bool) {
        self.owner = owner
        self.audience = audience
        self.ownerIsListable = ownerIsListable
    }
}
