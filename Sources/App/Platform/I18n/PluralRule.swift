import Vapor

/// Which form of a counted phrase a language takes (CLDR's cardinal rules, for the counts pages
/// show): English and Spanish use the singular for 1 only, French for 0 and 1 ("0 actif").
/// A counted phrase is two catalog keys, `….one` and `….other`, each with `{count}`.
enum PluralRule {
    case one, other

    init(_ count: Int, locale: AppLocale) {
        switch locale {
        case .fr: self = count == 0 || count == 1 ? .one : .other
        case .en, .es: self = count == 1 ? .one : .other
        }
    }
}

extension Request {
    /// The `one` or `other` string for `count` in this request's language, `{count}` written as
    /// the language writes numbers. Both keys are spelled out so the catalog tests see them.
    func t(count: Int, one: String, other: String, _ arguments: [String: String] = [:]) -> String {
        let key = PluralRule(count, locale: appLocale) == .one ? one : other
        return t(key, arguments.merging(["count": String(count)]) { _, new in new })
    }
}
