import Foundation
import Vapor

/// The URL of a searchable list: the search text `q`, repeatable filters (`?origin=SN&origin=ML`)
/// and `cursor`. Every list page and its API read their address here, within the same bounds, and
/// write the shareable address of a page back from it, so a list's URL means the same everywhere.
struct ListParameters: Sendable, Equatable {
    static let maximumTextLength = 200
    static let maximumValuesPerFilter = 10
    static let textKey = "q"
    static let cursorKey = "cursor"

    /// Every query parameter a list with these filters reads, for its route's declaration
    /// (`readingQuery`) and its API document.
    static func parameterNames(filters: [String]) -> [String] {
        [textKey] + filters + [cursorKey]
    }

    /// A filter a list accepts: its parameter name and the codes it knows.
    struct Filter: Sendable {
        let name: String
        let accepts: @Sendable (String) -> Bool
    }

    /// The search as read: what could be kept, and what was refused, by parameter.
    struct Reading: Sendable {
        var parameters: ListParameters
        var errors: FormErrors
        /// The cursor was present but not one this list hands out.
        var cursorRefused = false
        /// The query could not be read at all (`q[x]=…`): nothing was kept.
        var unreadable = false
    }

    var text = ""
    /// Selected codes by filter name, each once, in the order given.
    var filters: [String: [String]] = [:]
    /// The cursor as received, already validated by the caller's `ListCursor` type.
    var cursor: String?

    /// Reads `q`, the named `filters` and `cursor` from the request's query. Unknown codes, too
    /// many values, too long a text or a cursor `Cursor` does not accept are dropped and reported
    /// in `errors` (by parameter name): the API refuses them, a page may show what it kept.
    /// A query that cannot be read at all is `unreadable`, reported on `q`.
    static func read<Cursor: ListCursor>(_ req: Request, filters: [Filter], cursor: Cursor.Type) -> Reading {
        var errors = FormErrors()
        let fields: Fields
        do {
            fields = try URLEncodedFormDecoder().decode(Fields.self, from: req.url, userInfo: [Fields.namesKey: filters.map(\.name)])
        } catch {
            errors.add(textKey, "list.error.query")
            return Reading(parameters: ListParameters(), errors: errors, unreadable: true)
        }
        var parameters = ListParameters()
        let text = fields.text ?? ""
        if text.unicodeScalars.count > maximumTextLength { errors.add(textKey, "profile.error.tooLong", ["max": "\(maximumTextLength)"]) }
        parameters.text = String(text.unicodeScalars.prefix(maximumTextLength))
        for filter in filters {
            let values = fields.values[filter.name] ?? []
            var codes: [String] = []
            for code in values {
                if filter.accepts(code) {
                    if !codes.contains(code) { codes.append(code) }
                } else {
                    errors.add(filter.name, "profile.error.code", ["code": PlainTextRule.visible(code, limit: 20)])
                }
            }
            if values.count > maximumValuesPerFilter {
                errors.add(filter.name, "profile.error.tooMany", ["max": "\(maximumValuesPerFilter)"])
                codes = Array(codes.prefix(maximumValuesPerFilter))
            }
            if !codes.isEmpty { parameters.filters[filter.name] = codes }
        }
        var reading = Reading(parameters: parameters, errors: errors)
        if let cursor = fields.cursor, !cursor.isEmpty {
            if Cursor(encoded: cursor) != nil {
                reading.parameters.cursor = cursor
            } else {
                reading.cursorRefused = true
                reading.errors.add(cursorKey, "list.error.cursor")
            }
        }
        return reading
    }

    /// The query string of this search, filters in `order` (without a cursor unless given): the
    /// shareable address of a page with the same search.
    func queryString(order: [String], cursor: String? = nil) -> String {
        var items: [URLQueryItem] = []
        if !text.isEmpty { items.append(URLQueryItem(name: Self.textKey, value: text)) }
        for name in order {
            for code in filters[name] ?? [] { items.append(URLQueryItem(name: name, value: code)) }
        }
        if let cursor { items.append(URLQueryItem(name: Self.cursorKey, value: cursor)) }
        var components = URLComponents()
        components.queryItems = items
        // `+` would read as a space in a query; URLComponents leaves it alone.
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    /// How many filter values are selected: what a list's filter disclosure says is active.
    var activeFilterCount: Int {
        filters.values.reduce(0) { $0 + $1.count }
    }

    /// The query's fields a list reads, decoded as `Decodable` would decode a struct naming them
    /// (so a query that did not read before does not read now): the filter names come from
    /// `userInfo`, as they differ per list.
    private struct Fields: Decodable {
        static let namesKey = CodingUserInfoKey(rawValue: "listFilterNames")!

        var text: String?
        var values: [String: [String]] = [:]
        var cursor: String?

        struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            text = try container.decodeIfPresent(String.self, forKey: Key(stringValue: ListParameters.textKey))
            for name in decoder.userInfo[Self.namesKey] as? [String] ?? [] {
                values[name] = try container.decodeIfPresent([String].self, forKey: Key(stringValue: name))
            }
            cursor = try container.decodeIfPresent(String.self, forKey: Key(stringValue: ListParameters.cursorKey))
        }
    }
}
