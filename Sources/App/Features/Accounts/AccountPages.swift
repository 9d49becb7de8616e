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

    init(page: PageContext, heading: String, intro: String?, action: String, fields: [FormField], hidden: [Hidden], submit: String, links: [Link], formError: String?) {
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

    let page: PageContext
    let email: String
    let isVerified: Bool
    let emailFields: [FormField]
    let passwordFields: [FormField]
    let languageFields: [FormField]
    let tokenFields: [FormField]
    let tokens: [Token]
    let hasTokens: Bool
    /// A token just created, shown once.
    let newToken: String?
    let urls: URLs

    struct URLs: Encodable {
        let email = SiteURL.accountEmail.path
        let password = SiteURL.accountPassword.path
        let language = SiteURL.accountLanguage.path
        let signOutEverywhere = SiteURL.accountSignOutEverywhere.path
        let tokens = SiteURL.accountTokens.path
        let forgot = SiteURL.passwordForgot.path
    }
}
