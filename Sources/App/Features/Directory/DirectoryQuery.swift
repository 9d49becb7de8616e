import Vapor

/// What a directory search asks for, read from the URL: `q`, repeatable filters named after
/// `ProfileTagKind` (`origin`, `residence`, `language`, `skill`, `interest`) and `cursor`.
/// Values of one filter widen the search (any of them); different filters narrow it (all of them).
struct DirectoryQuery: Sendable, Equatable {
    static let maximumTextLength = 200
    static let maximumValuesPerFilter = 10

    var text = ""
    var filters: [ProfileTagKind: [String]] = [:]
    var cursor: DirectoryCursor?

    var hasText: Bool { !SearchText.terms(of: text).isEmpty }

    /// The query parameters a search reads (the API route declares them; its document lists them).
    static let parameterNames = Parameters.CodingKeys.allCases.map(\.stringValue)

    private struct Parameters: Content {
        enum CodingKeys: String, CodingKey, CaseIterable {
            case q, origin, residence, language, skill, interest, cursor
        }

        var q: String?
        var origin: [String]?
        var residence: [String]?
        var language: [String]?
        var skill: [String]?
        var interest: [String]?
        var cursor: String?

        func values(_ kind: ProfileTagKind) -> [String] {
            switch kind {
            case .origin: origin ?? []
            case .residence: residence ?? []
            case .language: language ?? []
            case .skill: skill ?? []
            case .interest: interest ?? []
            }
        }
    }

    /// Reads the query. `strict` (the API) refuses unknown codes and a bad cursor naming the
    /// parameter; pages drop them, so an old shared link still opens.
    static func parse(_ req: Request, strict: Bool) throws -> DirectoryQuery {
        let parameters: Parameters
        do {
            parameters = try req.query.decode(Parameters.self)
        } catch {
            guard strict else { return DirectoryQuery() }
            throw InputValidationError([.init(field: "q", message: req.t("directory.error.query"))])
        }
        let reference = req.referenceData
        var errors = FormErrors()
        var query = DirectoryQuery()
        let text = parameters.q ?? ""
        if text.unicodeScalars.count > maximumTextLength { errors.add("q", "profile.error.tooLong", ["max": "\(maximumTextLength)"]) }
        query.text = String(text.unicodeScalars.prefix(maximumTextLength))
        for kind in ProfileTagKind.allCases {
            let list = reference.list(for: kind)
            var codes: [String] = []
            let values = parameters.values(kind)
            for code in values {
                if list.contains(code) {
                    if !codes.contains(code) { codes.append(code) }
                } else {
                    errors.add(kind.rawValue, "profile.error.code", ["code": PlainTextRule.visible(code, limit: 20)])
                }
            }
            if values.count > maximumValuesPerFilter {
                errors.add(kind.rawValue, "profile.error.tooMany", ["max": "\(maximumValuesPerFilter)"])
                codes = Array(codes.prefix(maximumValuesPerFilter))
            }
            if !codes.isEmpty { query.filters[kind] = codes }
        }
        if let cursor = parameters.cursor, !cursor.isEmpty {
            query.cursor = DirectoryCursor(encoded: cursor)
            if query.cursor == nil { errors.add("cursor", "directory.error.cursor") }
        }
        if strict, !errors.isEmpty { throw errors.validationError(for: req) }
        return query
    }

    /// The query string of this search (without cursor unless given), for links.
    func queryString(cursor: DirectoryCursor? = nil) -> String {
        var items: [URLQueryItem] = []
        if !text.isEmpty { items.append(URLQueryItem(name: "q", value: text)) }
        for kind in ProfileTagKind.allCases {
            for code in filters[kind] ?? [] { items.append(URLQueryItem(name: kind.rawValue, value: code)) }
        }
        if let cursor { items.append(URLQueryItem(name: "cursor", value: cursor.encoded)) }
        var components = URLComponents()
        components.queryItems = items
        // `+` would read as a space in a query; URLComponents leaves it alone.
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }
}

/// Where the next page starts: below a position of the search index (most recently active
/// order) or after a number of results (relevance order, which is bounded by the candidate
/// set). Opaque to clients.
enum DirectoryCursor: Sendable, Equatable {
    case after(Int64)
    case offset(Int)

    /// Longer than any cursor the directory makes; anything longer is refused unread.
    static let maximumLength = 64

    init?(encoded: String) {
        guard encoded.count <= Self.maximumLength, let data = Data(base64URLEncoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        if text.hasPrefix("p:"), let position = Int64(text.dropFirst(2)), position > 0 {
            self = .after(position)
        } else if text.hasPrefix("o:"), let offset = Int(text.dropFirst(2)), offset > 0, offset < DirectorySearch.candidateLimit {
            self = .offset(offset)
        } else {
            return nil
        }
    }

    var encoded: String {
        let text: String
        switch self {
        case .after(let position): text = "p:\(position)"
        case .offset(let offset): text = "o:\(offset)"
        }
        return Data(text.utf8).base64URLEncodedString()
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
