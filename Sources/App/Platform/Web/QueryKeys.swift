import Vapor

extension Route {
    private static let queryKeysKey = "opendiaspora.queryKeys"

    /// The query parameters the route's handler reads, by name, as it declared them with
    /// `readingQuery`; none when it declared nothing. The API document lists exactly these (a test).
    public var queryKeys: [String] {
        userInfo[Self.queryKeysKey] as? [String] ?? []
    }

    /// States the query parameters the handler reads: pass the same list the handler decodes with.
    @discardableResult
    public func readingQuery(_ keys: [String]) -> Route {
        userInfo[Self.queryKeysKey] = keys
        return self
    }
}
