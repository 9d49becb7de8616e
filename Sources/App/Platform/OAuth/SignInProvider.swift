import Foundation

/// One way to sign in that the operator switched on, as pages, the API and the flow see it.
public struct SignInProvider: Sendable {
    /// The provider's name in URLs and in stored identities.
    public enum ID: String, Sendable, CaseIterable, Codable {
        case google, facebook, linkedin, oidc

        /// The label when the operator gives none (the generic provider's comes from `OAUTH_OIDC_NAME`).
        public var standardName: String {
            switch self {
            case .google: "Google"
            case .facebook: "Facebook"
            case .linkedin: "LinkedIn"
            case .oidc: "OpenID Connect"
            }
        }
    }

    /// What a provider does differently from the standard, as its own documentation says.
    public struct Quirks: Sendable {
        /// Other spellings of the issuer the provider documents (Google's tokens may say `accounts.google.com`).
        public var extraIssuers: Set<String> = []
        /// LinkedIn's ID tokens carry no `nonce`; one that is present must still match.
        public var nonceMayBeAbsent = false
        /// LinkedIn takes the client secret in the form only, whatever discovery says.
        public var secretInForm = false

        public init(extraIssuers: Set<String> = [], nonceMayBeAbsent: Bool = false, secretInForm: Bool = false) {
            self.extraIssuers = extraIssuers
            self.nonceMayBeAbsent = nonceMayBeAbsent
            self.secretInForm = secretInForm
        }
    }

    /// How the provider proves who the member is.
    public enum Kind: Sendable {
        /// OpenID Connect with discovery.
        case openIDConnect(issuer: URL, quirks: Quirks)
        /// OAuth 2.0 and the Graph API's `/me` (Facebook has no ID token for web sign-in).
        case facebook(dialog: URL, graph: URL)
    }

    public let id: ID
    /// The button label.
    public let name: String
    public let client: SignInProviderSettings.Client
    public let kind: Kind
    public let scope: String

    /// What an identity from a Facebook sign-in records as its issuer.
    public static let facebookIssuer = "https://www.facebook.com"
}

extension SignInProviderSettings {
    /// The providers that are on, in the order their buttons appear.
    public var providers: [SignInProvider] {
        var list: [SignInProvider] = []
        if let google {
            list.append(SignInProvider(id: .google, name: SignInProvider.ID.google.standardName, client: google,
                                       kind: .openIDConnect(issuer: endpoints.googleIssuer, quirks: SignInProvider.Quirks(extraIssuers: ["accounts.google.com"])), scope: "openid email profile"))
        }
        if let facebook {
            list.append(SignInProvider(id: .facebook, name: SignInProvider.ID.facebook.standardName, client: facebook,
                                       kind: .facebook(dialog: endpoints.facebookDialog, graph: endpoints.facebookGraph), scope: "public_profile email"))
        }
        if let linkedIn {
            list.append(SignInProvider(id: .linkedin, name: SignInProvider.ID.linkedin.standardName, client: linkedIn,
                                       kind: .openIDConnect(issuer: endpoints.linkedInIssuer, quirks: SignInProvider.Quirks(nonceMayBeAbsent: true, secretInForm: true)), scope: "openid profile email"))
        }
        if let generic {
            list.append(SignInProvider(id: .oidc, name: generic.name, client: generic.client,
                                       kind: .openIDConnect(issuer: generic.issuer, quirks: SignInProvider.Quirks()), scope: "openid email profile"))
        }
        return list
    }
}

/// Who the provider says the member is, once every check passed.
public struct ProviderIdentity: Sendable, Equatable {
    public let provider: SignInProvider.ID
    /// The issuer the subject belongs to (subjects are unique per issuer only).
    public let issuer: String
    public let subject: String
    public let email: String?
    /// True only when the provider says so in as many words (`email_verified`).
    public let emailVerified: Bool
    public let name: String?
    public let pictureURL: String?
}
