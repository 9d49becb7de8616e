import Foundation
import Vapor

/// Every user-facing string in every language, loaded once at start from `Resources/Locales`.
public struct Catalogs: Sendable {
    private let strings: [AppLocale: [String: String]]

    public init(strings: [AppLocale: [String: String]]) {
        self.strings = strings
    }

    /// Loads `<feature>/<locale>.json` from every folder of `directory` (each feature keeps its
    /// own strings) and merges them. A missing or malformed file, or a key that two files of one
    /// language both define, stops the start.
    public static func load(from directory: String) throws -> Catalogs {
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { !$0.hasPrefix(".") }
            .map { (directory as NSString).appendingPathComponent($0) }
            .filter { var isFolder: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && isFolder.boolValue }
            .sorted()
        guard !folders.isEmpty else { throw CatalogError.missingFile((directory as NSString).appendingPathComponent("<feature>/en.json")) }
        var strings: [AppLocale: [String: String]] = [:]
        for locale in AppLocale.allCases {
            var merged: [String: String] = [:]
            var definedIn: [String: String] = [:]
            for folder in folders {
                let path = (folder as NSString).appendingPathComponent("\(locale.rawValue).json")
                guard let data = FileManager.default.contents(atPath: path) else { throw CatalogError.missingFile(path) }
                let file: [String: String]
                do {
                    file = try JSONDecoder().decode([String: String].self, from: data)
                } catch {
                    throw CatalogError.malformedFile(path, "\(error)")
                }
                for (key, text) in file {
                    if let first = definedIn[key] { throw CatalogError.duplicateKey(key, first, path) }
                    definedIn[key] = path
                    merged[key] = text
                }
            }
            strings[locale] = merged
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

    /// The string for `key` with `{name}` placeholders filled (counts and sizes written as the
    /// language writes numbers). A key missing in a language falls back to English, and a key
    /// missing everywhere shows itself (tests keep both from shipping).
    public func text(_ key: String, locale: AppLocale, arguments: [String: String] = [:]) -> String {
        let template = strings[locale]?[key] ?? strings[.fallback]?[key] ?? key
        guard !arguments.isEmpty else { return template }
        return Self.fill(template, LocalizedNumber.localized(arguments, locale: locale))
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
    case duplicateKey(String, String, String)

    var description: String {
        switch self {
        case .missingFile(let path): "the string catalog \(path) is missing; start opendiaspora from the folder that holds Resources/ and Public/"
        case .malformedFile(let path, let reason): "the string catalog \(path) is not a JSON object of strings: \(reason)"
        case .duplicateKey(let key, let first, let second): "the string \(key) is defined twice, in \(first) and in \(second); each key belongs to one feature"
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
