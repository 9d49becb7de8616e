import Vapor

/// A state-changing request that does not prove it came from one of our own pages: 403.
public struct CSRFRejected: AbortError {
    public let status: HTTPResponseStatus = .forbidden
    public let reason = "The form's security token is missing or out of date. Reload the page and try again."
}

extension Request {
    private struct AnonymousCSRFKey: StorageKey { typealias Value = String }

    /// The token every form on this page must carry: the session's own when signed in, otherwise
    /// the visitor's anonymous token (a double-submit cookie, created on first use).
    public var csrfToken: String {
        if let token = principal?.sessionCSRFToken { return token }
        if let token = storage[AnonymousCSRFKey.self] { return token }
        let token: String
        if let existing = cookies[SessionCookie.csrfName]?.string, SecureToken.isWellFormed(existing) {
            token = existing
        } else {
            token = SecureToken.generate()
        }
        storage[AnonymousCSRFKey.self] = token
        return token
    }

    fileprivate var usedAnonymousCSRFToken: Bool { storage[AnonymousCSRFKey.self] != nil }
}

/// Checks the CSRF token of every state-changing request (ASVS V4.2.2). Pages' forms send it in
/// the `csrf_token` field; JSON requests authenticated by the session cookie send it in
/// `X-CSRF-Token`. Bearer-token requests carry no ambient credential, so they need none; nor do
/// anonymous API calls, which must be `application/json` and so cannot come from a foreign form.
public struct CSRFMiddleware: AsyncMiddleware {
    public static let formField = "csrf_token"
    public static let header = "X-CSRF-Token"

    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if Self.changesState(request.method) {
            try await verify(request)
        }
        let response = try await next.respond(to: request)
        // Set again whenever a page carried the token, so a form open for a while still works.
        if request.usedAnonymousCSRFToken, request.principal?.sessionID == nil {
            response.cookies[SessionCookie.csrfName] = SessionCookie.value(request.csrfToken, secure: request.application.appConfiguration.isSecure, maxAge: 24 * 3600)
        }
        return response
    }

    /// The largest multipart form any page accepts (a photo of at most 5 MB and its fields).
    public static let maximumUploadBytes = 6 * 1024 * 1024

    /// JSON, or raw uploaded bytes (`image/*`, `application/octet-stream`): none of them is a type
    /// a cross-site form can send without a CORS preflight.
    static func isAPIBodyType(_ type: HTTPMediaType) -> Bool {
        (type.type == "application" && (type.subType == "json" || type.subType == "octet-stream")) || type.type == "image"
    }

    static func hasBody(_ request: Request) -> Bool {
        if let data = request.body.data, data.readableBytes > 0 { return true }
        if let length = request.headers.first(name: .contentLength).flatMap(Int.init) { return length > 0 }
        return request.headers.contains(name: .transferEncoding)
    }

    static func changesState(_ method: HTTPMethod) -> Bool {
        ![.GET, .HEAD, .OPTIONS].contains(method)
    }

    private func verify(_ request: Request) async throws {
        if AppErrorMiddleware.isAPI(request) {
            // A cross-site <form> can post urlencoded, multipart or text/plain bodies but never JSON
            // (that needs a CORS preflight we do not grant), so anonymous calls stay unforgeable.
            if Self.hasBody(request), !(request.headers.contentType.map(Self.isAPIBodyType) ?? false) {
                throw Abort(.unsupportedMediaType, reason: "Send the body as application/json.")
            }
            guard let expected = request.principal?.sessionCSRFToken else { return }
            let sent = request.headers.first(name: Self.header) ?? ""
            guard SecureToken.constantTimeEquals(sent, expected) else { throw CSRFRejected() }
            return
        }
        let expected = request.principal?.sessionCSRFToken ?? request.cookies[SessionCookie.csrfName]?.string
        guard let expected, !expected.isEmpty else { throw CSRFRejected() }
        guard let contentType = request.headers.contentType,
              contentType == .urlEncodedForm || contentType.type == "multipart"
        else { throw CSRFRejected() }
        let limit = contentType.type == "multipart" ? max(Self.maximumUploadBytes, request.application.routes.defaultMaxBodySize.value) : request.application.routes.defaultMaxBodySize.value
        _ = try await request.body.collect(max: limit).get()
        let sent = (try? request.content.get(String.self, at: Self.formField)) ?? ""
        guard SecureToken.constantTimeEquals(sent, expected) else { throw CSRFRejected() }
    }
}
