import Vapor

/// What a directory search asks for, read from the URL (`ListParameters`): `q`, repeatable
/// filters named after `ProfileTagKind` (`origin`, `residence`, `language`, `skill`, `interest`)
/// and `cursor`. Values of one filter widen the search (any of them); different filters narrow
/// it (all of them).
struct DirectoryQuery: Sendable, Equatable {
    var text = ""
    var filters: [ProfileTagKind: [String]] = [:]
    var cursor: DirectoryCursor?
    /// A page was given a cursor it could not read, and shows the first page saying so.
    var cursorRefused = false

    var hasText: Bool { !SearchText.terms(of: text).isEmpty }

    /// The filters in the order they are listed and written in links.
    static let filterOrder = ProfileTagKind.allCases.map(\.rawValue)

    /// The query parameters a search reads (the API route declares them; its document lists them).
    static let parameterNames = ListParameters.parameterNames(filters: filterOrder)

    /// Reads the query. `strict` (the API) refuses unknown codes and a bad cursor naming the
    /// parameter; pages drop them, so an old shared link still opens.
    static func parse(_ req: Request, strict: Bool) throws -> DirectoryQuery {
        let reference = req.referenceData
        let filters = ProfileTagKind.allCases.map { kind in
            let list = reference.list(for: kind)
            return ListParameters.Filter(name: kind.rawValue) { list.contains($0) }
        }
        let reading = ListParameters.read(req, filters: filters, cursor: DirectoryCursor.self)
        if strict, !reading.errors.isEmpty { throw reading.errors }
        var query = DirectoryQuery()
        query.text = reading.parameters.text
        for kind in ProfileTagKind.allCases {
            if let codes = reading.parameters.filters[kind.rawValue] { query.filters[kind] = codes }
        }
        query.cursor = reading.parameters.cursor.flatMap(DirectoryCursor.init(encoded:))
        query.cursorRefused = reading.cursorRefused
        return query
    }

    /// The search as list parameters, for links.
    var parameters: ListParameters {
        ListParameters(text: text, filters: Dictionary(uniqueKeysWithValues: filters.map { ($0.key.rawValue, $0.value) }), cursor: cursor?.encoded)
    }

    /// The query string of this search (without cursor unless given), for links.
    func queryString(cursor: DirectoryCursor? = nil) -> String {
        parameters.queryString(order: Self.filterOrder, cursor: cursor?.encoded)
    }
}

/// Where the next page starts: below a position of the search index (most recently active
/// order) or after a number of results (relevance order, which is bounded by the candidate
/// set). Opaque to clients (`ListCursor`).
enum DirectoryCursor: ListCursor {
    case after(Int64)
    case offset(Int)

    init?(plainText text: String) {
        if text.hasPrefix("p:"), let position = Int64(text.dropFirst(2)), position > 0 {
            self = .after(position)
        } else if text.hasPrefix("o:"), let offset = Int(text.dropFirst(2)), offset > 0, offset < DirectorySearch.candidateLimit {
            self = .offset(offset)
        } else {
            return nil
        }
    }

    var plainText: String {
        switch self {
        case .after(let position): "p:\(position)"
        case .offset(let offset): "o:\(offset)"
        }
    }
}

extension ReferenceData {
    func list(for kind: ProfileTagKind) -> ReferenceList {
        switch kind {
        case .origin, .residence: countries
        case .language: languages
        case .skill: skills
        case .interest: topics
        }
    }
}
