import Vapor

/// Marks responses that were rendered in a negotiated language with `Content-Language`, and
/// with `Vary` on what chose it, so no cache hands a French page to a Spanish reader.
struct ContentLanguageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if let locale = request.negotiatedLocale {
            response.headers.replaceOrAdd(name: .contentLanguage, value: locale.rawValue)
            response.headers.add(name: .vary, value: "Accept-Language, Cookie")
        }
        return response
    }
}
