import Vapor

/// What every searchable list page shows, in the order a phone shows it: the search, the results
/// (a feature's own cards) with how they are ordered and the next-page link, then the filters
/// with their counts behind a disclosure that says how many are active. The partials
/// `list-search`, `list-results-head`, `list-pager` and `list-facets` render it from `list`, so a
/// feature's page renders only its cards and its empty state.
struct ListPage<Item: Encodable>: Encodable {
    /// One filter: a fieldset of checkboxes, each with how many results have it.
    struct FacetGroup: Encodable {
        let name: String
        /// Catalog key of the fieldset's legend.
        let legend: String
        let options: [Option]
        let hasOptions: Bool

        init(name: String, legend: String, options: [Option]) {
            self.name = name
            self.legend = legend
            self.options = options
            self.hasOptions = !options.isEmpty
        }
    }

    /// One value of a filter, as its checkbox shows it.
    struct Option: Encodable {
        let id: String
        let code: String
        let label: String
        /// Written as the page's language writes numbers.
        let count: String
        let checked: Bool

        init(filter: String, code: String, label: String, count: Int, checked: Bool, locale: AppLocale) {
            // Codes are short and plain (ISO codes, slugs), so the id stays a valid fragment.
            self.id = "f-\(filter)-\(code)"
            self.code = code
            self.label = label
            self.count = LocalizedNumber.format(count, locale: locale)
            self.checked = checked
        }
    }

    /// Where the search form goes (the list's own path).
    let action: String
    let text: String
    let maximumTextLength = ListParameters.maximumTextLength
    /// Catalog key of the search field's label (what a list searches differs per list).
    let searchLabel: String
    let facets: [FacetGroup]
    let activeFilters: Int
    /// "Filters (3 active)", in the page's language and plural.
    let filtersSummary: String
    let items: [Item]
    let hasItems: Bool
    /// Catalog key of how the results are ordered: every list says it.
    let orderNote: String
    /// Catalog key of a note under the filters (counts over a sample), with its `count`.
    let facetNote: String?
    let facetLimit: String
    let nextURL: String?
    let isFiltered: Bool
    let clearURL: String
    /// The address held a cursor this list did not hand out: the first page is shown, saying so.
    let cursorRefused: Bool

    init(
        request: Request, path: String, parameters: ListParameters, filterOrder: [String], searchLabel: String,
        facets: [FacetGroup], items: [Item], orderNote: String, facetNote: String? = nil, facetLimit: Int = 0,
        nextCursor: String?, cursorRefused: Bool = false
    ) {
        self.action = path
        self.text = parameters.text
        self.searchLabel = searchLabel
        self.facets = facets
        self.activeFilters = parameters.activeFilterCount
        self.filtersSummary = Self.filtersSummary(activeFilters, request: request)
        self.items = items
        self.hasItems = !items.isEmpty
        self.orderNote = orderNote
        self.facetNote = facetNote
        self.facetLimit = String(facetLimit)
        self.nextURL = nextCursor.map { path + "?" + parameters.queryString(order: filterOrder, cursor: $0) }
        self.isFiltered = !parameters.text.isEmpty || !parameters.filters.isEmpty
        self.clearURL = path
        self.cursorRefused = cursorRefused
    }

    /// The disclosure's summary: "Filters" when none is active, else how many are.
    static func filtersSummary(_ active: Int, request: Request) -> String {
        guard active > 0 else { return request.t("list.filters") }
        return request.t(count: active, one: "list.filters.active.one", other: "list.filters.active.other")
    }
}
