import Vapor

/// The language switcher: a plain link (works without JavaScript) that stores the choice in the
/// `lang` cookie and returns to the page the member was on.
struct LanguageController: RouteCollection {
    static let cookieLifetime = 60 * 60 * 24 * 365

    func boot(routes: any RoutesBuilder) throws {
        routes.get(PlatformURL.language(.key).pathComponents, use: switchLanguage)
    }

    static func switchPath(to locale: AppLocale, returnTo path: String) -> String {
        let target = PlatformURL.language(.value(locale)).path
        var components = URLComponents()
        components.path = target
        components.queryItems = [URLQueryItem(name: "return", value: path)]
        return components.string ?? target
    }

    func switchLanguage(req: Request) async throws -> Response {
        guard let code = req.parameters.get(PlatformURL.Key.language), let locale = AppLocale(rawValue: code) else {
            throw Abort(.notFound)
        }
        let destination = Self.safeReturnPath(req.query[String.self, at: "return"])
        let response = req.redirect(to: destination, redirectType: .normal)
        response.cookies[LocaleNegotiation.cookieName] = HTTPCookies.Value(
            string: locale.rawValue,
            maxAge: Self.cookieLifetime,
            path: "/",
            isSecure: req.application.appConfiguration.isSecure,
            isHTTPOnly: true,
            sameSite: .lax
        )
        return response
    }

    /// Only paths on this site: "//evil.example" or "https://…" would make the switcher an open redirect.
    static func safeReturnPath(_ candidate: String?) -> String {
        guard let candidate, candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
              // Browsers drop tabs and newlines inside URLs ("/\t/evil" becomes "//evil"), so no control character passes.
              !candidate.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }), candidate.count <= 2000
        else { return "/" }
        return candidate
    }
}
