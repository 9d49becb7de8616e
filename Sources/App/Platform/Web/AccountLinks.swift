import Vapor

/// A page of the member's own settings that a feature other than Accounts serves (the block
/// list, notification preferences): `/account` lists them, so Accounts knows no later feature.
public struct AccountLink: Sendable, Encodable {
    /// Catalog key of the link's text.
    public let labelKey: String
    /// Catalog key of one sentence saying what is there.
    public let descriptionKey: String
    public let path: String

    public init(labelKey: String, descriptionKey: String, path: String) {
        self.labelKey = labelKey
        self.descriptionKey = descriptionKey
        self.path = path
    }
}

extension Application {
    private struct AccountLinksKey: StorageKey { typealias Value = [AccountLink] }

    /// The settings pages features add, in the order the features are listed (each appends in `prepare`).
    public var accountLinks: [AccountLink] {
        get { storage[AccountLinksKey.self] ?? [] }
        set { storage[AccountLinksKey.self] = newValue }
    }
}
