import Vapor

/// The sections of the site in the header, in order. A section links only once its feature
/// has said where it lives (`app.sectionPaths`, in its `prepare`); until then it is listed, as
/// text, among those coming soon.
public enum SiteSection: String, Sendable, CaseIterable, Encodable {
    case people, communities, resources, opportunities, initiatives, events, map

    /// The catalog key of the section's name.
    public var labelKey: String { "nav.\(rawValue)" }
}

extension Application {
    private struct SectionPathsKey: StorageKey { typealias Value = [SiteSection: String] }

    /// Where each landed section lives, set by the feature that provides it.
    public var sectionPaths: [SiteSection: String] {
        get { storage[SectionPathsKey.self] ?? [:] }
        set { storage[SectionPathsKey.self] = newValue }
    }
}
