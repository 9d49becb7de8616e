import Vapor

/// A page with one account form (join, sign in, forgot, reset): heading, fields, hidden
/// values, one submit button and links to the neighbouring pages.
struct AccountFormPage: Encodable {
    struct Hidden: Encodable {
        let name: String
        let value: String
    }

    struct Link: Encodable {
        let href: String
        let label: String
    }

    let page: PageContext
    let heading: String
    let intro: String?
    let action: String
    let fields: [FormField]
    let hidden: [Hidden]
    let submit: String
    let links: [Link]
    let hasLinks: Bool
    /// Set when the whole form failed (wrong credentials), shown above the fields.
    let formError: String?
    /// "Continue with …" buttons for the sign-in providers that are on (sign-in and join pages).
    let providers: [ProviderButton]
    let hasProviders: Bool

    init(page: PageContext, heading: String, intro: String?, action: String, fields: [FormField], hidden: [Hidden], submit: String, links: [Link], formError: String?, providers: [ProviderButton] = []) {
        self.page = page
        self.heading = heading
        self.intro = intro
        self.action = action
        self.fields = fields
        self.hidden = hidden
        self.submit = submit
        self.links = links
        self.hasLinks = !links.isEmpty
        self.formError = formError
        self.providers = providers
        self.hasProviders = !providers.isEmpty
    }
}

/// A link that starts signing in (or linking) through a provider.
struct ProviderButton: Encodable {
    let name: String
    let url: String

    /// One per provider that is on; `returnTo` comes back after signing in.
    static func all(for request: Request, returnTo: String? = nil, except linked: Set<String> = []) -> [ProviderButton] {
        request.application.signInProviders.filter { !linked.contains($0.id.rawValue) }.map { provider in
            var url = ProviderSignInURL.providerStart(.value(provider.id.rawValue)).path
            if let returnTo, returnTo != "/", let encoded = returnTo.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-._~"))) {
                url += "?return=" + encoded
            }
            return ProviderButton(name: provider.name, url: url)
        }
    }
}

/// A page that only says something (check your inbox, this link has expired), optionally with
/// one button that posts a form (confirming a link from a mail is a POST, so mail scanners that
/// open links do not use them up).
struct AccountMessagePage: Encodable {
    struct Action: Encodable {
        let url: String
        let label: String
        let token: String
    }

    let page: PageContext
    let heading: String
    let message: String
    let action: Action?
    let link: AccountFormPage.Link?
}

/// `/account`: the member's settings and API tokens.
struct AccountSettingsPage: Encodable {
    struct Token: Encodable {
        let name: String
        let created: String
        let lastUsed: String?
        let revokeURL: String
    }

    /// One linked sign-in method; `unlinkURL` is nil when it is the member's last way in.
    struct SignInMethod: Encodable {
        let provider: String
        let email: String?
        let linkedOn: String
        let unlinkURL: String?
    }

    let page: PageContext
    let email: String
    let isVerified: Bool
    /// Members who joined through a provider have no password until they set one by mail link.
    let hasPassword: Bool
    let signInMethods: [SignInMethod]
    let hasSignInMethods: Bool
    let linkableProviders: [ProviderButton]
    let hasLinkableProviders: Bool
    let identityError: String?
    let emailFields: [FormField]
    let passwordFields: [FormField]
    let languageFields: [FormField]
    let timeZoneFields: [FormField]
    let tokenFields: [FormField]
    let tokens: [Token]
    let hasTokens: Bool
    /// A token just created, shown once.
    let newToken: String?
    /// Settings pages other features serve (block list, notifications), linked from here.
    let otherSettings: [AccountLink]
    let urls: URLs

    struct URLs: Encodable {
        let email = AccountsURL.accountEmail.path
        let password = AccountsURL.accountPassword.path
        let language = AccountsURL.accountLanguage.path
        let timeZone = AccountsURL.accountTimeZone.path
        let signOutEverywhere = AccountsURL.accountSignOutEverywhere.path
        let tokens = AccountsURL.accountTokens.path
        let forgot = AccountsURL.passwordForgot.path
        let passwordLink = AccountsURL.accountPasswordLink.path
    }
}
