/// The sections of the site in the header, in order. A section links only once its feature
/// exists; until then it is listed, as text, among those coming soon.
public enum SiteSection: String, Sendable, CaseIterable, Encodable {
    case people, communities, resources, opportunities, initiatives, events, map

    /// Where the section lives once its feature has landed (its `SiteURL` path); `nil` while it has not.
    public var path: String? {
        switch self {
        case .people: SiteURL.members.path
        case .communities, .resources, .opportunities, .initiatives, .events, .map: nil
        }
    }

    /// The catalog key of the section's name.
    public var labelKey: String { "nav.\(rawValue)" }
}
