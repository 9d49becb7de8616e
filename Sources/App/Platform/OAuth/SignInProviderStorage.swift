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

    /// A client for one provider, calling it with this request's logger.
    func signInProviderClient(for provider: SignInProvider) -> SignInProviderClient {
        let settings = application.appConfiguration.signInProviders
        return SignInProviderClient(
            provider: provider,
            http: ProviderHTTP(client: client, timeout: settings.requestTimeout, logger: logger),
            cache: application.openIDProviderCache,
            keyRefreshInterval: settings.keyRefreshInterval
        )
    }
}
