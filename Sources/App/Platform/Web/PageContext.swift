import Vapor

/// What the layout needs on every page: language, switcher links, navigation, asset versions.
/// Each page's view model carries one, built from the request.
public struct PageContext: Encodable, Sendable {
    public struct LanguageLink: Encodable, Sendable {
        let code: String
        let name: String
        let href: String
        let isCurrent: Bool
    }

    public struct NavigationItem: Encodable, Sendable {
        let labelKey: String
        let href: String
        let isCurrent: Bool
    }

    let lang: String
    /// Catalog key of the page's title (the layout translates it).
    let titleKey: String
    let languages: [LanguageLink]
    /// Sections that have pages, as links.
    let navigation: [NavigationItem]
    /// Catalog keys of sections announced but not built yet, listed as text.
    let upcomingSections: [String]
    let hasUpcomingSections: Bool
    let stylesheet: String
    let script: String

    public init(request: Request, titleKey: String) {
        let locale = request.appLocale
        let returnPath = Self.localReturnPath(request.url)
        self.lang = locale.rawValue
        self.titleKey = titleKey
        self.languages = AppLocale.allCases.map { other in
            LanguageLink(
                code: other.rawValue,
                name: other.nativeName,
                href: LanguageController.switchPath(to: other, returnTo: returnPath),
                isCurrent: other == locale
            )
        }
        let path = request.url.path
        self.navigation = SiteSection.allCases.compactMap { section in
            section.path.map { NavigationItem(labelKey: section.labelKey, href: $0, isCurrent: path == $0 || path.hasPrefix($0 + "/")) }
        }
        self.upcomingSections = SiteSection.allCases.filter { $0.path == nil }.map(\.labelKey)
        self.hasUpcomingSections = !upcomingSections.isEmpty
        let assets = request.application.assetVersions
        self.stylesheet = assets.url(for: "css/site.css")
        self.script = assets.url(for: "js/site.js")
    }

    /// The page's own path and query, so switching language returns to the same page.
    static func localReturnPath(_ url: URI) -> String {
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query, !query.isEmpty { path += "?\(query)" }
        return path
    }
}
