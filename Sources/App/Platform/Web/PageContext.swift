import Vapor

/// What the layout needs on every page: language, switcher links, navigation, asset versions,
/// who is signed in, the CSRF token for forms, and the flash message. Each page's view model
/// carries one, built from the request.
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
    /// The signed-in member's display name; `nil` when signed out.
    let memberName: String?
    let isSignedIn: Bool
    /// Signed in with an address not verified yet: the layout shows a banner.
    let needsVerification: Bool
    /// The token every form on the page carries.
    let csrfToken: String
    /// Catalog key of a one-time message from the previous action.
    let flash: String?
    /// Counts next to the member's links (unread notifications, conversations), by feature.
    let badges: [HeaderBadge]
    /// The layout's links by `LayoutLink` name (`page.links.login`), as the features set them.
    let links: [String: String]
    /// The live event stream's address for signed-in members (the layout's `data-live`, which
    /// the script opens); `nil` when signed out.
    let live: String?

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
        let sectionPaths = request.application.sectionPaths
        self.navigation = SiteSection.allCases.compactMap { section in
            sectionPaths[section].map { NavigationItem(labelKey: section.labelKey, href: $0, isCurrent: path == $0 || path.hasPrefix($0 + "/")) }
        }
        self.upcomingSections = SiteSection.allCases.filter { sectionPaths[$0] == nil }.map(\.labelKey)
        self.hasUpcomingSections = !upcomingSections.isEmpty
        let assets = request.application.assetVersions
        self.stylesheet = assets.url(for: "css/site.css")
        self.script = assets.url(for: "js/site.js")
        let principal = request.principal
        self.memberName = principal?.displayName
        self.isSignedIn = principal != nil
        self.needsVerification = principal.map { !$0.isEmailVerified } ?? false
        self.csrfToken = request.csrfToken
        self.flash = Flash.pending(on: request)
        self.badges = request.headerBadges
        self.live = principal == nil ? nil : PlatformURL.liveEvents.path
        self.links = Dictionary(uniqueKeysWithValues: request.application.layoutLinks.map { ($0.key.rawValue, $0.value) })
    }

    /// The page's own path and query, so switching language returns to the same page.
    static func localReturnPath(_ url: URI) -> String {
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query, !query.isEmpty { path += "?\(query)" }
        // Longer than any return path is taken back (`safeReturnPath`): the page itself, without its query.
        guard path.utf8.count <= 2000 else { return url.path.isEmpty ? "/" : String(url.path.prefix(2000)) }
        return path
    }
}
