import Vapor

/// The view model of the home page.
struct HomePage: Encodable {
    /// One card saying what a member can do here.
    struct Offer: Encodable {
        let titleKey: String
        let textKey: String
    }

    static let offers = ["connect", "resources", "opportunities", "communities", "initiatives", "mapping"].map {
        Offer(titleKey: "home.offer.\($0).title", textKey: "home.offer.\($0).text")
    }

    let page: PageContext
    let offers: [Offer]
    /// For a signed-in member: "people you may want to meet" (nil for visitors).
    let suggestions: [SuggestionCard]?
    let showsSuggestions: Bool
    let hasSuggestions: Bool
    let profileURL = ProfilesURL.myProfile.path

    init(request: Request, suggestions: [SuggestionCard]? = nil) {
        self.page = PageContext(request: request, titleKey: "home.title")
        self.offers = Self.offers
        self.suggestions = suggestions
        self.showsSuggestions = suggestions != nil
        self.hasSuggestions = !(suggestions ?? []).isEmpty
    }
}
