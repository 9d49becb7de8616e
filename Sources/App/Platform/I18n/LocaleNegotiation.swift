import Vapor

/// Chooses the interface language of a request: the `lang` cookie set by the language
/// switcher, else the signed-in member's setting, else the best supported language in
/// `Accept-Language`, else English.
public enum LocaleNegotiation {
    public static let cookieName = "lang"

    public static func locale(cookie: String?, memberSetting: String? = nil, acceptLanguage: String?) -> AppLocale {
        if let cookie, let locale = AppLocale(rawValue: cookie) { return locale }
        if let memberSetting, let locale = AppLocale(rawValue: memberSetting) { return locale }
        if let acceptLanguage, let locale = bestMatch(acceptLanguage: acceptLanguage) { return locale }
        return .fallback
    }

    /// RFC 9110 §12.5.4: the highest quality wins, ties go to the earlier entry, `q=0` means "not this".
    static func bestMatch(acceptLanguage header: String) -> AppLocale? {
        var best: (locale: AppLocale, quality: Double, order: Int)?
        for (order, entry) in header.split(separator: ",").prefix(32).enumerated() {
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty, let locale = AppLocale(tag: tag) else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)).map { min(max($0, 0), 1) } ?? 0
            }
            guard quality > 0 else { continue }
            if best == nil || quality > best!.quality {
                best = (locale, quality, order)
            }
        }
        return best?.locale
    }
}

extension Request {
    private struct LocaleKey: StorageKey {
        typealias Value = AppLocale
    }

    /// The language, if something in this request has asked for it already.
    var negotiatedLocale: AppLocale? { storage[LocaleKey.self] }

    /// The interface language for this request, negotiated once and remembered.
    public var appLocale: AppLocale {
        if let known = storage[LocaleKey.self] { return known }
        let locale = LocaleNegotiation.locale(
            cookie: cookies[LocaleNegotiation.cookieName]?.string,
            memberSetting: principal?.locale,
            acceptLanguage: headers.first(name: .acceptLanguage)
        )
        storage[LocaleKey.self] = locale
        return locale
    }
}
