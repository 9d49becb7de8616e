import Foundation

/// Whole numbers as each language writes them (ICU's rules): 4,096 in English, 4 096 in French
/// (a narrow no-break space, so the number never breaks across lines), 4096 but 10.000 in Spanish.
public enum LocalizedNumber {
    /// Placeholders that always hold a count or a size; `Catalogs.text` writes their digits this
    /// way, so code passes plain numbers and no catalog hard-codes a limit.
    public static let placeholders: Set<String> = ["count", "max", "megabytes", "min", "percent", "pixels"]

    public static func format(_ value: Int, locale: AppLocale) -> String {
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: locale.rawValue)
        formatter.numberStyle = .decimal
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    /// `arguments` with the numeric placeholders' plain digits written for `locale`; anything
    /// else (a name, a code, text a member typed) is left as it is.
    static func localized(_ arguments: [String: String], locale: AppLocale) -> [String: String] {
        var result = arguments
        for name in placeholders {
            guard let raw = arguments[name], raw.utf8.count < 19, let value = Int(raw) else { continue }
            result[name] = format(value, locale: locale)
        }
        return result
    }
}
