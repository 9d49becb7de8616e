import Vapor

/// A state-changing request that does not prove it came from one of our own pages: 403.
public struct CSRFRejected: AbortError {
    public let status: HTTPResponseStatus = .forbidden
    public let reason = "The form's security token is missing or out of date. Reload the page and try again."
}

/// The CSRF token of a visitor who is not signed in: a random nonce and the site key's signature
/// of it, kept in a cookie and repeated in every form (a signed double-submit cookie). A value
/// the site did not make is refused, so a cookie planted by an attacker (`od_csrf=short`) signs no
/// one in; under https the cookie is `__Host-` prefixed, so no subdomain can set it either.
enum AnonymousCSRFToken {
    static let purpose = "csrf-anonymous"

    static func make(_ secret: SiteSecret) -> String {
        let nonce = SecureToken.generate(byteCount: 16)
        return nonce + "." + secret.signature(nonce, purpose: purpose)
    }

    static func isGenuine(_ token: String, _ secret: SiteSecret) -> Bool {
        let pieces = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count == 66, pieces.count == 2, pieces[0].utf8.count == 22 else { return false }
        return secret.isValid(String(pieces[1]), for: String(pieces[0]), purpose: purpose)
    }
}

extension Request {
    private struct AnonymousCSRFKey: StorageKey { typealias Value = String }

    /// The token every form on this page must carry: the session's own when signed in, otherwise
    /// the visitor's anonymous token (created on first use). Empty while the site's key is unknown
    /// (a server whose database was never reachable), when the page's forms cannot be sent anyway.
    public var csrfToken: String {
        if let token = principal?.sessionCSRFToken { return token }
        if let token = storage[AnonymousCSRFKey.self] { return token }
        guard let secret = application.siteSecrets.cached else { return "" }
        let token: String
        if let existing = cookies[SessionCookie.csrfName(secure: application.appConfiguration.isSecure)]?.string,
           AnonymousCSRFToken.isGenuine(existing, secret) {
            token = existing
        } else {
            token = AnonymousCSRFToken.make(secret)
        }
        storage[AnonymousCSRFKey.self] = token
        return token
    }

    fileprivate var usedAnonymousCSRFToken: Bool { storage[AnonymousCSRFKey.self] != nil }
}

/// Checks the CSRF token of every state-changing request (ASVS V4.2.2). Pages' forms send it in
/// the `csrf_token` field (read from the form `RequestLimitsMiddleware` already split, never by
/// decoding the whole body); JSON requests authenticated by the session cookie send it in
/// `X-CSRF-Token`. Bearer-token requests carry no ambient credential, so they need none; nor do
/// anonymous API calls, which must be `application/json` and so cannot come from a foreign form.
public struct CSRFMiddleware: AsyncMiddleware {
    public static let formField = "csrf_token"
    public static let header = "X-CSRF-Token"

    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if Self.changesState(request.method), request.route?.csrfExemption == nil {
            try verify(request, secret: try await request.siteSecret)
        }
        let response = try await next.respond(to: request)
        // Set again whenever a page carried the token, so a form open for a while still works.
        if request.usedAnonymousCSRFToken, request.principal?.sessionID == nil {
            let secure = request.application.appConfiguration.isSecure
            response.cookies[SessionCookie.csrfName(secure: secure)] = SessionCookie.value(request.csrfToken, secure: secure, maxAge: 24 * 3600)
        }
        return response
    }

    /// JSON, or raw uploaded bytes (`image/*`, `application/octet-stream`): none of them is a type
    /// a cross-site form can send without a CORS preflight.
    static func isAPIBodyType(_ sent: HTTPMediaType) -> Bool {
        let type = sent.type.lowercased(), subType = sent.subType.lowercased()
        return (type == "application" && (subType == "json" || subType == "octet-stream")) || type == "image"
    }

    static func changesState(_ method: HTTPMethod) -> Bool {
        ![.GET, .HEAD, .OPTIONS].contains(method)
    }

    private func verify(_ request: Request, secret: SiteSecret) throws {
        if AppErrorMiddleware.isAPI(request) {
            // A cross-site <form> can post urlencoded, multipart or text/plain bodies but never JSON
            // (that needs a CORS preflight we do not grant), so anonymous calls stay unforgeable.
            if RequestLimitsMiddleware.hasBody(request), !(request.headers.contentType.map(Self.isAPIBodyType) ?? false) {
                throw Abort(.unsupportedMediaType, reason: "Send the body as application/json.")
            }
            guard let expected = request.principal?.sessionCSRFToken else { return }
            let sent = request.headers.first(name: Self.header) ?? ""
            guard SecureToken.constantTimeEquals(sent, expected) else { throw CSRFRejected() }
            return
        }
        let expected: String
        if let sessionToken = request.principal?.sessionCSRFToken {
            expected = sessionToken
        } else {
            let cookie = request.cookies[SessionCookie.csrfName(secure: request.application.appConfiguration.isSecure)]?.string ?? ""
            guard AnonymousCSRFToken.isGenuine(cookie, secret) else { throw CSRFRejected() }
            expected = cookie
        }
        // One token, read by this parser only: a second one, or `csrf_token[]`, would leave it to
        // whichever parser reads the form later to decide which counts.
        guard let form = request.submittedForm, form.count(Self.formField) == 1 else { throw CSRFRejected() }
        guard SecureToken.constantTimeEquals(form.value(Self.formField) ?? "", expected) else { throw CSRFRejected() }
    }
}

extension Route {
    private static let csrfExemptionKey = "opendiaspora.csrfExemption"

    /// Exempts a state-changing route from the CSRF check, for a route whose authority is a
    /// secret in its own URL rather than the caller's session (RFC 8058 one-click unsubscribe:
    /// the mail client posts without any page or cookie). Such a handler must never read or
    /// change the session or act as the signed-in member; `reason` says why it may skip.
    @discardableResult
    public func exemptFromCSRF(because reason: String) -> Route {
        userInfo[Self.csrfExemptionKey] = reason
        return self
    }

    /// Why this route needs no CSRF token, if it was exempted.
    public var csrfExemption: String? {
        userInfo[Self.csrfExemptionKey] as? String
    }
}
