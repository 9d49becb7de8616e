@testable import App
import Foundation
import Testing
import Vapor

@Suite("Site URLs")
struct SiteRouteTests {
    @Test func patternsAndLinksComeFromTheSameCase() {
        #expect(HomeURL.home.path == "/")
        #expect(PlatformURL.language(.value(.fr)).path == "/language/fr")
        #expect(PlatformURL.language(.key).pathComponents.map(\.description) == ["language", ":code"])
        let id = UUID()
        #expect(ProfilesURL.member(.value(id)).path == "/members/\(id.uuidString.lowercased())")
        #expect(PlatformURL.apiDocument.path == APIVersion.path("openapi.json"))
    }

    /// These features' URLs, each a registered route: a case no controller registers is a dead link.
    /// (A later feature checks its own URL cases in its own tests.)
    static let all: [any SiteRoute] = [
        HomeURL.home, PlatformURL.language(.key), PlatformURL.healthz, PlatformURL.readyz, PlatformURL.media(.key), PlatformURL.apiDocument,
        AccountsURL.join, AccountsURL.login, AccountsURL.logout, AccountsURL.verifyEmail, AccountsURL.resendVerification,
        AccountsURL.passwordForgot, AccountsURL.passwordReset, AccountsURL.account, AccountsURL.accountEmail, AccountsURL.confirmEmail,
        AccountsURL.accountPassword, AccountsURL.accountLanguage, AccountsURL.accountSignOutEverywhere, AccountsURL.accountTokens,
        AccountsURL.accountTokenRevoke(.key), AccountsURL.accountIdentityUnlink(.key), AccountsURL.accountPasswordLink,
        ProviderSignInURL.providerStart(.key), ProviderSignInURL.providerCallback(.key), ProviderSignInURL.providerConfirm,
        PrivacyURL.terms, PrivacyURL.privacy,
        ProfilesURL.myProfile, ProfilesURL.myPhoto, ProfilesURL.myPhotoDelete, ProfilesURL.member(.key),
        DirectoryURL.members,
    ]

    @Test func everyPatternIsARegisteredRoute() async throws {
        try await withApp { app async throws in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            for url in Self.all {
                #expect(registered.contains("/" + url.pathComponents.map(\.description).joined(separator: "/")), "\(url.path)")
            }
        }
    }

    @Test func everyAPIRouteIsUnderTheOnePrefix() async throws {
        try await withApp { app async throws in
            let api = app.routes.all.filter { $0.path.first?.description == APIVersion.segments[0] }
            #expect(!api.isEmpty)
            for route in api {
                #expect(Array(route.path.prefix(2).map(\.description)) == APIVersion.segments)
            }
        }
    }
}
