import Vapor

/// A one-time message shown on the page after a redirect ("Your password was changed"). The
/// cookie carries only a catalog key from the `flash.` family, never text, so it cannot inject.
public enum Flash {
    static let cookieName = "od_flash"

    /// Sets the message the next page shows.
    public static func set(_ key: String, on response: Response, for request: Request) {
        response.cookies[cookieName] = HTTPCookies.Value(string: key, maxAge: 300, path: "/", isSecure: request.application.appConfiguration.isSecure, isHTTPOnly: true, sameSite: .lax)
    }

    /// The catalog key waiting for this page, if it is one of ours.
    static func pending(on request: Request) -> String? {
        guard let key = request.cookies[cookieName]?.string, key.hasPrefix("flash."),
              request.application.catalogs.has(key)
        else { return nil }
        return key
    }
}

/// Removes the flash cookie once a page has shown it.
struct FlashMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.cookies[Flash.cookieName] != nil, response.cookies[Flash.cookieName] == nil,
           response.headers.contentType == .html {
            response.cookies[Flash.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

/// A redirect after a successful form (303, so the browser follows with GET), with a flash message.
public func redirect(to path: String, flash: String? = nil, on request: Request) -> Response {
    let response = Response(status: .seeOther)
    response.headers.replaceOrAdd(name: .location, value: path)
    if let flash { Flash.set(flash, on: response, for: request) }
    return response
}
