import Foundation
import Vapor

/// Every user-facing string in every language, loaded once at start from `Resources/Locales`.
public struct Catalogs: Sendable {
    private let strings: [AppLocale: [String: String]]

    public init(strings: [AppLocale: [String: String]]) {
        self.strings = strings
    }

    /// Loads `<locale>.json` for each locale; a missing or malformed file stops the start.
    public static func load(from directory: String) throws -> Catalogs {
        var strings: [AppLocale: [String: String]] = [:]
        for locale in AppLocale.allCases {
            let path = (directory as NSString).appendingPathComponent("\(locale.rawValue).json")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CatalogError.missingFile(path)
            }
            do {
                strings[locale] = try JSONDecoder().decode([String: String].self, from: data)
            } catch {
                throw CatalogError.malformedFile(path, "\(error)")
            }
        }
        return Catalogs(strings: strings)
    }

    /// Whether the key exists in English (every language has the same keys; a test checks it).
    public func has(_ key: String) -> Bool {
        strings[.fallback]?[key] != nil
    }

    public func keys(for locale: AppLocale) -> Set<String> {
        Set(strings[locale]?.keys ?? [:].keys)
    }

    /// The string for `key` with `{name}` placeholders filled. A key missing in a language falls
    /// back to English, and a key missing everywhere shows itself (tests keep both from shipping).
    public func text(_ key: String, locale: AppLocale, arguments: [String: String] = [:]) -> String {
        let template = strings[locale]?[key] ?? strings[.fallback]?[key] ?? key
        guard !arguments.isEmpty else { return template }
        return Self.fill(template, arguments)
    }

    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            result += arguments[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

enum CatalogError: Error, CustomStringConvertible {
    case missingFile(String)
    case malformedFile(String, String)

    var description: String {
        switch self {
        case .missingFile(let path): "the string catalog \(path) is missing; start opendiaspora from the folder that holds Resources/ and Public/"
        case .malformedFile(let path, let reason): "the string catalog \(path) is not a JSON object of strings: \(reason)"
        }
    }
}

extension Application {
    private struct CatalogsKey: StorageKey {
        typealias Value = Catalogs
    }

    public var catalogs: Catalogs {
        get { storage[CatalogsKey.self] ?? Catalogs(strings: [:]) }
        set { storage[CatalogsKey.self] = newValue }
    }
}

extension Request {
    /// Translates `key` into this request's language.
    public func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        application.catalogs.text(key, locale: appLocale, arguments: arguments)
    }
}
