@testable import App
import Vapor
import VaporTesting

extension HTTPHeaders {
    static func acceptLanguage(_ value: String) -> HTTPHeaders {
        ["Accept-Language": value]
    }
}

extension TestingHTTPResponse {
    /// The value of `<html lang="…">` in an HTML body.
    var htmlLang: String? {
        firstMatch(#"<html lang="([^"]*)""#)
    }

    /// The text of the first `<h1>`.
    var h1: String? {
        firstMatch(#"<h1[^>]*>([^<]*)</h1>"#)
    }

    func firstMatch(_ pattern: String) -> String? {
        let text = body.string
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}

/// English catalog look-ups for assertions, so tests do not repeat the wording.
func catalogText(_ key: String, _ locale: AppLocale = .en, _ arguments: [String: String] = [:]) throws -> String {
    try ShippedFiles.parse(repositoryRoot + "/Resources/Locales", with: Catalogs.load(from:)).text(key, locale: locale, arguments: arguments)
}

/// HTML-escapes like Leaf does, to find catalog text in a rendered page.
func htmlEscaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;")
        .replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}
