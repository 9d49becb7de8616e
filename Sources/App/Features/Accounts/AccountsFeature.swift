import Fluent
import Vapor

/// Accounts: joining, signing in, sessions, mail links, API tokens and linked sign-in identities.
struct AccountsFeature: Feature {
    func prepare(_ app: Application) throws {
        app.layoutLinks[.join] = AccountsURL.join.path
        app.layoutLinks[.login] = AccountsURL.login.path
        app.layoutLinks[.logout] = AccountsURL.logout.path
        app.layoutLinks[.account] = AccountsURL.account.path
        app.layoutLinks[.resendVerification] = AccountsURL.resendVerification.path
        app.signInCheck = AccountSignInCheck(now: { [weak app] in (app?.clock ?? SystemClock()).now })
    }

    func migrations(_ app: Application) -> [any Migration] { [
        CreateMembers(),
        CreateMemberSessions(),
        CreateAccountTokens(),
        CreateAPITokens(),
        UpdateMembersAddLastActiveAt(),
        CreateMemberIdentities(),
        AddMemberTimeZone(),
    ] }

    func routes(_ app: Application) throws -> [any RouteCollection] {
        [AccountsController(), AccountSettingsController(), AccountsAPI(), IdentitiesAPI()]
    }

    func apiDocument(_ app: Application) -> [APIDocumentPart] {
        [AccountsAuthAPIDocument.part, AccountsTokensAPIDocument.part, IdentitiesAPIDocument.part]
    }

    var jobs: [any QueueableJob.Type] {
        [RegistrationRequested.self, PasswordResetRequested.self, EmailChangeRequested.self]
    }

    var housekeeping: [Housekeeping] { [
        Housekeeping("expired sessions and mail links") { try await AccountHousekeeping.run($0) },
    ] }

    var commands: [FeatureCommand] { [FeatureCommand("create-admin", CreateAdminCommand())] }
}
