import Vapor

/// `GET /api/v1/reference/{countries|languages|skills|topics}?locale=`: the labels behind the
/// codes the rest of the API exchanges, in the order a reader of that language expects.
struct ReferenceDataAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let reference = routes.api("reference")
        reference.get("countries") { try answer($0, \.countries) }.readingQuery([Self.localeKey])
        reference.get("languages") { try answer($0, \.languages) }.readingQuery([Self.localeKey])
        reference.get("skills") { try answer($0, \.skills) }.readingQuery([Self.localeKey])
        reference.get("topics") { try answer($0, \.topics) }.readingQuery([Self.localeKey])
    }

    struct Item: Content {
        let code: String
        let name: String
        /// Skills: the code and name of their sector.
        let sector: String?
        let sectorName: String?
        /// Topics: the Sustainable Development Goal's number.
        let number: Int?
    }

    struct Listing: Content {
        let locale: String
        let items: [Item]
    }

    private func answer(_ req: Request, _ list: KeyPath<ReferenceData, ReferenceList>) throws -> Response {
        let locale = try Self.locale(of: req)
        let data = req.referenceData
        let items = data[keyPath: list].sorted(for: locale).map { entry in
            Item(
                code: entry.code, name: entry.label(locale),
                sector: entry.group, sectorName: entry.group.map { data.sectors.label($0, locale) },
                number: entry.number
            )
        }
        let response = Response(status: .ok)
        try response.content.encode(Listing(locale: locale.rawValue, items: items), as: .json)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        response.headers.replaceOrAdd(name: .vary, value: "Accept-Language, Cookie")
        return response
    }

    /// The one query parameter the lists read.
    static let localeKey = "locale"

    /// `?locale=` when given (and valid), otherwise the request's negotiated language.
    static func locale(of req: Request) throws -> AppLocale {
        guard let code = req.query[String.self, at: localeKey] else { return req.appLocale }
        guard let locale = AppLocale(rawValue: code) else {
            var errors = FormErrors()
            errors.add("locale", "reference.error.locale")
            throw errors
        }
        return locale
    }
}
