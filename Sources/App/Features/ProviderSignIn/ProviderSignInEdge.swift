import Vapor

// The web edge of provider sign-in: what pages take from a request for the service (the
// browser's binding cookie), and the cookie they set from what it returns.
extension Request {
    var providerSignIn: ProviderSignInService {
        ProviderSignInService(
            database: db, clock: application.clock, publicURL: application.appConfiguration.publicURL,
            providers: signInProviderClients, accounts: accounts, logger: logger
        )
    }

    /// The browser's binding secret for trips to a provider, when it carries a well-formed one.
    var signInBinding: String? {
        guard let value = cookies[ProviderSignInService.bindingCookie]?.string, SecureToken.isWellFormed(value) else { return nil }
        return value
    }
}

extension Response {
    /// Gives the browser a trip's binding secret (see `ProviderSignInService.bindingCookie`).
    func setSignInBinding(_ binding: String, on request: Request) {
        // Lax, not Strict: the provider sends the browser back with a cross-site top-level GET.
        cookies[ProviderSignInService.bindingCookie] = SessionCookie.value(
            binding, secure: request.application.appConfiguration.isSecure,
            maxAge: PendingProviderSignUp.lifetime, path: SessionCookie.signInBindingPath
        )
    }
}
