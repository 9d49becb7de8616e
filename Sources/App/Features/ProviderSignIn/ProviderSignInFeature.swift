import Fluent
import Vapor

/// Signing in and joining with an outside identity provider (OpenID Connect).
struct ProviderSignInFeature: Feature {
    func migrations(_ app: Application) -> [any Migration] { [
        CreateProviderSignInAttempts(),
        CreatePendingProviderSignUps(),
    ] }

    func routes(_ app: Application) throws -> [any RouteCollection] {
        [ProviderSignInController(), ProviderSignInAPI()]
    }

    func apiDocument(_ app: Application) -> [APIDocumentPart] { [ProviderSignInAPIDocument.part] }

    var housekeeping: [Housekeeping] { [
        Housekeeping("unfinished provider sign-ins") { try await ProviderSignInHousekeeping.run($0) },
    ] }
}
