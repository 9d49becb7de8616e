import Vapor

/// A refused or cancelled provider sign-in: what happened, in the provider's name, and where to
/// go next. Nothing was changed.
struct ProviderRefusalPage: Encodable {
    let page: PageContext
    let provider: String
    let message: String
    let tryAgainURL: String?
    let links: [AccountFormPage.Link]
}

/// `/auth/confirm`: a newcomer the provider vouched for checks name and address, chooses
/// whether to use the provider's photo, and accepts the terms before the account exists.
struct ProviderConfirmPage: Encodable {
    let page: PageContext
    let provider: String
    let action: String
    let fields: [FormField]
    /// An account already uses the provider's address: offer to sign in and link instead.
    let addressTaken: Bool
    let signInToLinkURL: String
    let links: [AccountFormPage.Link]
}
