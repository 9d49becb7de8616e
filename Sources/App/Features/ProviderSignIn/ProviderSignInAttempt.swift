import Fluent
import Foundation

/// One trip to a provider, from `/auth/{provider}/start` to its callback: what was sent (state,
/// nonce, PKCE verifier) and whom it was for (the browser, and the session if signed in).
/// Used once: the callback deletes it before anything else.
final class ProviderSignInAttempt: Model, @unchecked Sendable {
    static let schema = "provider_sign_in_attempts"
    /// How long the member has to finish at the provider.
    static let lifetime: TimeInterval = 15 * 60

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    /// SHA-256 of the `state` sent to the provider.
    @Field(key: "state_hash") var stateHash: String
    /// SHA-256 of the browser's binding cookie: a state is only good in the browser that started.
    @Field(key: "binding_hash") var bindingHash: String
    @Field(key: "provider") var provider: String
    @Field(key: "nonce") var nonce: String
    @Field(key: "code_verifier") var codeVerifier: String
    /// The session that started it (linking a method), or nil when signed out.
    @OptionalField(key: "session_id") var sessionID: UUID?
    /// Where to go after signing in (a local path).
    @Field(key: "return_to") var returnTo: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(stateHash: String, bindingHash: String, provider: SignInProvider.ID, nonce: String, codeVerifier: String, sessionID: UUID?, returnTo: String, now: Date) {
        self.stateHash = stateHash
        self.bindingHash = bindingHash
        self.provider = provider.rawValue
        self.nonce = nonce
        self.codeVerifier = codeVerifier
        self.sessionID = sessionID
        self.returnTo = returnTo
        self.expiresAt = now.addingTimeInterval(Self.lifetime)
    }
}

/// Someone the provider vouched for who has no account yet, waiting on the confirmation page
/// (name, address, photo) in the browser that signed in.
final class PendingProviderSignUp: Model, @unchecked Sendable {
    static let schema = "pending_provider_sign_ups"
    static let lifetime: TimeInterval = 20 * 60

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "binding_hash") var bindingHash: String
    @Field(key: "provider") var provider: String
    @Field(key: "issuer") var issuer: String
    @Field(key: "subject") var subject: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "email_verified") var emailVerified: Bool
    @OptionalField(key: "display_name") var displayName: String?
    @OptionalField(key: "picture_url") var pictureURL: String?
    @Field(key: "return_to") var returnTo: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(bindingHash: String, identity: ProviderIdentity, returnTo: String, now: Date) {
        self.bindingHash = bindingHash
        self.provider = identity.provider.rawValue
        self.issuer = identity.issuer
        self.subject = identity.subject
        self.email = identity.email.map { String($0.prefix(320)) }
        self.emailVerified = identity.emailVerified
        self.displayName = identity.name.map { String($0.prefix(200)) }
        self.pictureURL = identity.pictureURL.flatMap { $0.count <= 2000 ? $0 : nil }
        self.returnTo = returnTo
        self.expiresAt = now.addingTimeInterval(Self.lifetime)
    }

    var identity: ProviderIdentity? {
        guard let provider = SignInProvider.ID(rawValue: provider) else { return nil }
        return ProviderIdentity(provider: provider, issuer: issuer, subject: subject, email: email, emailVerified: emailVerified, name: displayName, pictureURL: pictureURL)
    }
}
