import Foundation
import NIOCore

/// The sign-in providers the operator switched on through `OAUTH_*` variables, and where the
/// well-known providers live. A provider is on when its client id and secret are both set.
public struct SignInProviderSettings: Sendable {
    /// What the provider registered this site as.
    public struct Client: Sendable, Equatable {
        public var id: String
        public var secret: String
        public init(id: String, secret: String) {
            self.id = id
            self.secret = secret
        }
    }

    /// Any OpenID Connect provider found through `{issuer}/.well-known/openid-configuration`.
    public struct GenericProvider: Sendable, Equatable {
        public var issuer: URL
        public var client: Client
        /// The button label ("Sign in with …").
        public var name: String
        public init(issuer: URL, client: Client, name: String) {
            self.issuer = issuer
            self.client = client
            self.name = name
        }
    }

    /// The addresses of the providers whose endpoints are fixed. Constants, never taken from a
    /// request; tests point them at a fake provider.
    public struct Endpoints: Sendable, Equatable {
        public var googleIssuer: URL
        public var linkedInIssuer: URL
        /// Facebook's login dialog.
        public var facebookDialog: URL
        /// Facebook's Graph API, version included; the token exchange and `/me` live under it.
        public var facebookGraph: URL

        public static let production = Endpoints(
            googleIssuer: URL(string: "https://accounts.google.com")!,
            linkedInIssuer: URL(string: "https://www.linkedin.com/oauth")!,
            facebookDialog: URL(string: "https://www.facebook.com/v19.0/dialog/oauth")!,
            facebookGraph: URL(string: "https://graph.facebook.com/v19.0")!
        )

        public init(googleIssuer: URL, linkedInIssuer: URL, facebookDialog: URL, facebookGraph: URL) {
            self.googleIssuer = googleIssuer
            self.linkedInIssuer = linkedInIssuer
            self.facebookDialog = facebookDialog
            self.facebookGraph = facebookGraph
        }
    }

    public var google: Client?
    public var linkedIn: Client?
    public var facebook: Client?
    public var generic: GenericProvider?
    public var endpoints: Endpoints
    /// How long a provider has to answer one server-to-server call (token, keys, profile).
    public var requestTimeout: TimeAmount
    /// A token signed with a key we do not know makes us fetch the provider's keys again, at most
    /// this often. Tokens come from the provider's own token endpoint, never from the browser, so
    /// this only damps a provider that rotates keys in a burst.
    public var keyRefreshInterval: TimeInterval

    public init(
        google: Client? = nil, linkedIn: Client? = nil, facebook: Client? = nil, generic: GenericProvider? = nil,
        endpoints: Endpoints = .production, requestTimeout: TimeAmount = .seconds(10), keyRefreshInterval: TimeInterval = 1
    ) {
        self.google = google
        self.linkedIn = linkedIn
        self.facebook = facebook
        self.generic = generic
        self.endpoints = endpoints
        self.requestTimeout = requestTimeout
        self.keyRefreshInterval = keyRefreshInterval
    }

    /// Reads the `OAUTH_*` variables; a provider with only half of its variables set is an error,
    /// not silently off.
    static func parse(_ value: (String) -> String?) throws(ConfigurationError) -> SignInProviderSettings {
        var settings = SignInProviderSettings()
        settings.google = try client("GOOGLE", value)
        settings.linkedIn = try client("LINKEDIN", value)
        settings.facebook = try client("FACEBOOK", value)
        let issuer = value("OAUTH_OIDC_ISSUER")
        let genericClient = try client("OIDC", value)
        switch (issuer, genericClient) {
        case (nil, nil):
            break
        case (nil, .some):
            throw ConfigurationError(variable: "OAUTH_OIDC_ISSUER", expected: "the provider's issuer address (OAUTH_OIDC_CLIENT_ID is set)")
        case (.some, nil):
            throw ConfigurationError(variable: "OAUTH_OIDC_CLIENT_ID", expected: "a client id and OAUTH_OIDC_CLIENT_SECRET (OAUTH_OIDC_ISSUER is set)")
        case (.some(let raw), .some(let client)):
            guard let url = URL(string: raw), let scheme = url.scheme, ["http", "https"].contains(scheme),
                  let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
            else {
                throw ConfigurationError(variable: "OAUTH_OIDC_ISSUER", expected: "an absolute https:// address such as https://sso.example.org/realms/main (got \"\(raw.prefix(80))\")")
            }
            let name = value("OAUTH_OIDC_NAME") ?? host
            guard name.count <= 40 else {
                throw ConfigurationError(variable: "OAUTH_OIDC_NAME", expected: "a button label of at most 40 characters")
            }
            settings.generic = GenericProvider(issuer: url, client: client, name: name)
        }
        return settings
    }

    private static func client(_ name: String, _ value: (String) -> String?) throws(ConfigurationError) -> Client? {
        let id = value("OAUTH_\(name)_CLIENT_ID")
        let secret = value("OAUTH_\(name)_CLIENT_SECRET")
        switch (id, secret) {
        case (nil, nil): return nil
        case (.some(let id), .some(let secret)): return Client(id: id, secret: secret)
        case (nil, .some): throw ConfigurationError(variable: "OAUTH_\(name)_CLIENT_ID", expected: "the client id that goes with OAUTH_\(name)_CLIENT_SECRET")
        case (.some, nil): throw ConfigurationError(variable: "OAUTH_\(name)_CLIENT_SECRET", expected: "the client secret that goes with OAUTH_\(name)_CLIENT_ID")
        }
    }
}
