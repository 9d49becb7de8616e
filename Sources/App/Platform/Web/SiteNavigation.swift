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

/// The links every page's layout shows (signing in and out, the member's own pages, the legal
/// pages): Platform names what each is for, the feature that serves the page says where it is
/// (`app.layoutLinks`, in its `prepare`), so Platform knows no feature's URLs.
public enum LayoutLink: String, Sendable, CaseIterable {
    case join, login, logout, account, profile, resendVerification, terms, privacy
}

extension Application {
    private struct LayoutLinksKey: StorageKey { typealias Value = [LayoutLink: String] }

    /// Where each of the layout's links goes, set by the feature that serves it.
    public var layoutLinks: [LayoutLink: String] {
        get { storage[LayoutLinksKey.self] ?? [:] }
        set { storage[LayoutLinksKey.self] = newValue }
    }
}
