import AsyncKit
import Leaf
import Vapor

/// The one place errors become answers: an HTML page in the member's language for pages,
/// `application/problem+json` for `/api/`. Server errors are logged with the request id and
/// never show internals to the client.
struct AppErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await answer(error, to: request)
        }
    }

    private func answer(_ error: any Error, to request: Request) async -> Response {
        // Whatever refused the request (its body's declaration, authentication, a missing route),
        // what is left of a body nobody read is read only so far.
        request.stopReadingBody(after: RequestLimitsMiddleware.drainAfterRefusal)
        // A page that needs a signed-in member sends the visitor to sign in and back.
        if error is SignInRequired, !Self.isAPI(request) {
            let back = request.method == .GET ? PageContext.localReturnPath(request.url) : "/"
            let login = request.application.layoutLinks[.login] ?? "/"
            var components = URLComponents()
            components.path = login
            components.queryItems = [URLQueryItem(name: "return", value: back)]
            let response = Response(status: .seeOther)
            response.headers.replaceOrAdd(name: .location, value: components.string ?? login)
            if request.hasStaleSessionCookie { response.clearSessionCookie(on: request) }
            return response
        }
        // A service's field errors, in the request's language (pages catch theirs and show the form again).
        let error = (error as? FormErrors).map { $0.validationError(for: request) } ?? error
        var (status, detail, fields, headers) = Self.describe(error)
        if status == .notFound {
            let allowed = AllowedMethods.forPath(request.url.path, in: request.application.routes)
            // Only when no route takes this method: a handler's own 404 (no such token) stays a 404.
            if !allowed.isEmpty, !allowed.contains(request.method) {
                status = .methodNotAllowed
                detail = "This address does not answer to \(request.method.rawValue)."
                headers.replaceOrAdd(name: .allow, value: allowed.map(\.rawValue).joined(separator: ", "))
            }
        }
        if status.code >= 500 {
            request.logger.error("request failed", metadata: [
                "status": "\(status.code)",
                "error": "\(String(reflecting: error))",
            ])
        } else {
            request.logger.debug("request refused", metadata: ["status": "\(status.code)"])
        }
        let response: Response
        if Self.isAPI(request) {
            response = problem(status: status, detail: detail, fields: fields, for: request)
        } else {
            response = await page(status: status, messageKey: Self.pageMessageKey(for: error), for: request)
        }
        for (name, value) in headers where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        if request.hasStaleSessionCookie { response.clearSessionCookie(on: request) }
        return response
    }

    private static let problemEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func isAPI(_ request: Request) -> Bool {
        request.url.path == "/api" || request.url.path.hasPrefix("/api/")
    }

    /// Status, a client-safe detail (never for 5xx), field errors and headers to keep (Retry-After, Allow…).
    static func describe(_ error: any Error) -> (HTTPResponseStatus, String?, [Problem.FieldError]?, HTTPHeaders) {
        switch error {
        case let validation as InputValidationError:
            return (.unprocessableEntity, "Some fields are invalid.", validation.fields, [:])
        case let decoding as DecodingError:
            let field = Self.fieldName(of: decoding)
            return (.badRequest, "The request body could not be read.", field.map { [Problem.FieldError(field: $0, message: Self.message(of: decoding))] }, [:])
        case let abort as any AbortError:
            let detail = abort.status.code < 500 ? abort.reason : nil
            return (abort.status, detail, nil, abort.headers)
        case is ConnectionPoolTimeoutError:
            // Every database connection stayed busy past the pool's timeout: a moment's overload,
            // not a fault of the request, and worth retrying.
            return (.serviceUnavailable, nil, nil, ["Retry-After": "5"])
        default:
            return (.internalServerError, nil, nil, [:])
        }
    }

    private func problem(status: HTTPResponseStatus, detail: String?, fields: [Problem.FieldError]?, for request: Request) -> Response {
        let body = Problem(status: status, detail: detail, instance: request.url.path, requestID: request.requestID, errors: fields)
        let data = (try? Self.problemEncoder.encode(body)) ?? Data("{\"type\":\"about:blank\",\"status\":\(status.code)}".utf8)
        let response = Response(status: status, body: .init(data: data))
        response.headers.contentType = Problem.mediaType
        return response
    }

    /// A more precise explanation than the status's, for refusals whose cause the member can fix.
    static func pageMessageKey(for error: any Error) -> String? {
        switch error {
        case is CSRFRejected: "error.csrf.message"
        case let denied as AccessDenied: denied.why.rawValue
        default: nil
        }
    }

    private func page(status: HTTPResponseStatus, messageKey: String?, for request: Request) async -> Response {
        do {
            let view = try await request.view.render("errors/show", ErrorPage(request: request, status: status, messageKey: messageKey))
            let response = try await view.encodeResponse(status: status, for: request)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch {
            // The page itself failed (a broken template): answer plainly rather than loop.
            request.logger.error("error page failed", metadata: ["error": "\(String(reflecting: error))"])
            let response = Response(status: status, body: .init(string: "\(status.code) \(status.reasonPhrase)\n"))
            response.headers.contentType = .plainText
            return response
        }
    }

    private static func fieldName(of error: DecodingError) -> String? {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: return nil
        }
        let name = path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return name.isEmpty ? nil : name.replacingOccurrences(of: ".[", with: "[")
    }

    private static func message(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound: "This field is required."
        case .typeMismatch(let type, _): "This field must be a \(type)."
        case .valueNotFound: "This field must not be null."
        default: "This value could not be read."
        }
    }
}
