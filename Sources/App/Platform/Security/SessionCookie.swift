import Vapor

/// The cookies that carry a signed-in session and, before sign-in, the anonymous CSRF token:
/// HttpOnly (scripts cannot read them), SameSite=Lax, Secure when the site is served over https.
public enum SessionCookie {
    public static let sessionName = "od_session"
    /// Under https the anonymous CSRF cookie is `__Host-` prefixed: browsers then accept it only
    /// from this very host, with `Secure` and `Path=/`, so a sibling subdomain cannot plant one.
    public static func csrfName(secure: Bool) -> String { secure ? "__Host-od_csrf" : "od_csrf" }
    /// Binds a sign-in through a provider to the browser that started it (path `/auth`).
    public static let signInBindingName = "od_signin"
    public static let signInBindingPath = "/auth"
    /// A session unused this long ends (ASVS V3.3: idle timeout).
    public static let idleLifetime: TimeInterval = 14 * 24 * 3600
    /// However active, a session ends this long after sign-in (ASVS V3.3.2: re-authenticate periodically).
    public static let absoluteLifetime: TimeInterval = 30 * 24 * 3600

    public static func value(_ token: String, secure: Bool, maxAge: TimeInterval = idleLifetime, path: String = "/") -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, maxAge: Int(maxAge), path: path, isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    public static func expired(secure: Bool, path: String = "/") -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: path, isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

extension Response {
    /// Sets the session cookie for a new session.
    public func setSessionCookie(_ token: String, on request: Request) {
        cookies[SessionCookie.sessionName] = SessionCookie.value(token, secure: request.application.appConfiguration.isSecure)
    }

    /// Removes the session cookie (sign-out, ended session), and any unfinished sign-in through
    /// a provider, so the next person at a shared computer cannot finish it.
    public func clearSessionCookie(on request: Request) {
        cookies[SessionCookie.sessionName] = SessionCookie.expired(secure: request.application.appConfiguration.isSecure)
        if request.cookies[SessionCookie.signInBindingName] != nil { clearSignInBinding(on: request) }
    }

    public func clearSignInBinding(on request: Request) {
        cookies[SessionCookie.signInBindingName] = SessionCookie.expired(
            secure: request.application.appConfiguration.isSecure, path: SessionCookie.signInBindingPath
        )
    }
}

extension Request {
    private struct StaleSessionCookieKey: StorageKey { typealias Value = Bool }

    /// The request came with a session cookie that no longer signs anyone in (expired, ended,
    /// suspended): every answer, error pages included, removes it.
    public var hasStaleSessionCookie: Bool {
        get { storage[StaleSessionCookieKey.self] ?? false }
        set { storage[StaleSessionCookieKey.self] = newValue }
    }
}
