/// The interface languages the platform speaks. Adding one means adding its catalog file.
public enum AppLocale: String, Sendable, CaseIterable, Codable {
    case en, fr, es

    public static let fallback: AppLocale = .en

    /// The language's own name, shown in the switcher so a member finds their language
    /// whatever the page is in.
    public var nativeName: String {
        switch self {
        case .en: "English"
        case .fr: "Français"
        case .es: "Español"
        }
    }

    /// Accepts "fr", "FR", "fr-CA", "fr_CA".
    public init?(tag: some StringProtocol) {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        self.init(rawValue: primary)
    }
}
