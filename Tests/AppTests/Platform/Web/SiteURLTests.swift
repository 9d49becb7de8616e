@testable import App
import Testing
import Vapor

@Suite("Site URLs")
struct SiteURLTests {
    @Test func patternsAndLinksComeFromTheSameCase() {
        #expect(SiteURL.home.path == "/")
        #expect(SiteURL.language(.value(.fr)).path == "/language/fr")
        #expect(SiteURL.language(.key).pathComponents.map(\.description) == ["language", ":code"])
    }

    @Test func everyPatternIsARegisteredRoute() async throws {
        try await withApp { app async throws in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            let all: [SiteURL] = [
                .home, .language(.key), .healthz, .readyz, .join, .login, .logout, .verifyEmail, .resendVerification,
                .passwordForgot, .passwordReset, .account, .accountEmail, .confirmEmail, .accountPassword,
                .accountLanguage, .accountSignOutEverywhere, .accountTokens, .accountTokenRevoke(.key), .terms, .privacy,
                .myProfile, .myPhoto, .myPhotoDelete, .members, .member(.key),
            ]
            for url in all {
                #expect(registered.contains("/" + url.pathComponents.map(\.description).joined(separator: "/")))
            }
        }
    }
}
