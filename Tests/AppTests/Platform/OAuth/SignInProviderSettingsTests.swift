@testable import App
import Foundation
import Testing

@Suite("Sign-in provider settings")
struct SignInProviderSettingsTests {
    private func parse(_ environment: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        try AppConfiguration(environment: environment, rootDirectory: repositoryRoot)
    }

    @Test func aProviderIsOnWhenBothItsVariablesAreSet() throws {
        #expect(try parse([:]).signInProviders.providers.isEmpty)
        let configuration = try parse([
            "OAUTH_GOOGLE_CLIENT_ID": "g-id", "OAUTH_GOOGLE_CLIENT_SECRET": "g-secret",
            "OAUTH_LINKEDIN_CLIENT_ID": "l-id", "OAUTH_LINKEDIN_CLIENT_SECRET": "l-secret",
            "OAUTH_FACEBOOK_CLIENT_ID": "f-id", "OAUTH_FACEBOOK_CLIENT_SECRET": "f-secret",
            "OAUTH_OIDC_ISSUER": "https://sso.example.org/realms/main", "OAUTH_OIDC_CLIENT_ID": "o-id",
            "OAUTH_OIDC_CLIENT_SECRET": "o-secret", "OAUTH_OIDC_NAME": "Ministry SSO",
        ])
        let providers = configuration.signInProviders.providers
        #expect(providers.map(\.id) == [.google, .facebook, .linkedin, .oidc])
        #expect(providers.map(\.name) == ["Google", "Facebook", "LinkedIn", "Ministry SSO"])
        #expect(providers.first?.client == .init(id: "g-id", secret: "g-secret"))
        guard case .openIDConnect(let issuer, _) = providers.last?.kind else {
            Issue.record("the generic provider speaks OpenID Connect")
            return
        }
        #expect(issuer.absoluteString == "https://sso.example.org/realms/main")
    }

    @Test func halfAProviderIsAnError() throws {
        #expect(throws: ConfigurationError.self) { try parse(["OAUTH_GOOGLE_CLIENT_ID": "g-id"]) }
        #expect(throws: ConfigurationError.self) { try parse(["OAUTH_FACEBOOK_CLIENT_SECRET": "f-secret"]) }
        #expect(throws: ConfigurationError.self) { try parse(["OAUTH_OIDC_ISSUER": "https://sso.example.org"]) }
        #expect(throws: ConfigurationError.self) { try parse(["OAUTH_OIDC_CLIENT_ID": "o", "OAUTH_OIDC_CLIENT_SECRET": "s"]) }
        #expect(throws: ConfigurationError.self) {
            try parse(["OAUTH_OIDC_ISSUER": "sso.example.org", "OAUTH_OIDC_CLIENT_ID": "o", "OAUTH_OIDC_CLIENT_SECRET": "s"])
        }
    }

    @Test func theGenericProviderIsNamedAfterItsHostWhenUnnamed() throws {
        let configuration = try parse(["OAUTH_OIDC_ISSUER": "https://login.agency.example", "OAUTH_OIDC_CLIENT_ID": "o", "OAUTH_OIDC_CLIENT_SECRET": "s"])
        #expect(configuration.signInProviders.providers.map(\.name) == ["login.agency.example"])
    }
}
