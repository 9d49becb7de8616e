import Vapor

extension Application {
    private struct ProviderCacheKey: StorageKey {
        typealias Value = OpenIDProviderCache
    }

    /// Discovery documents and keys of OpenID Connect providers, shared by every request.
    var openIDProviderCache: OpenIDProviderCache {
        if let cache = storage[ProviderCacheKey.self] { return cache }
        let cache = OpenIDProviderCache()
        storage[ProviderCacheKey.self] = cache
        return cache
    }

    /// The sign-in providers that are on, in button order.
    public var signInProviders: [SignInProvider] {
        appConfiguration.signInProviders.providers
    }
}

extension Request {
    /// The provider with this name in a URL, if it is on.
    func signInProvider(named name: String?) -> SignInProvider? {
        guard let name, let id = SignInProvider.ID(rawValue: name) else { return nil }
        return application.signInProviders.first { $0.id == id }
    }

    /// Clients for the providers, calling them with this request's HTTP client and logger.
    var signInProviderClients: SignInProviderClients {
        SignInProviderClients(http: client, settings: application.appConfiguration.signInProviders, cache: application.openIDProviderCache, logger: logger)
    }
}

/// What calling providers takes, without a request: an HTTP client, the settings' deadlines,
/// the shared cache of discovery documents and keys, and a logger.
struct SignInProviderClients: Sendable {
    let http: any Client
    let settings: SignInProviderSettings
    let cache: OpenIDProviderCache
    let logger: Logger

    /// A client for one provider.
    func client(for provider: SignInProvider) -> SignInProviderClient {
        SignInProviderClient(
            provider: provider,
            http: ProviderHTTP(client: http, timeout: settings.requestTimeout, logger: logger),
            cache: cache,
            keyRefreshInterval: settings.keyRefreshInterval
        )
    }
}
