import Foundation

/// A link a member gives (profile links, addresses in a bio): an absolute http(s) URL with a host,
/// no credentials, and nothing that can disguise it — no whitespace, control, bidirectional or
/// invisible character (`https://a.example/\u{202E}fdp.exe` would show as `…exe.pdf`). Shown with
/// its host in ASCII, so a look-alike host reads as the `xn--` name it really is.
public enum WebLink {
    public static func isAcceptable(_ text: String, maxLength: Int = .max) -> Bool {
        guard text.count <= maxLength, maxLength == .max || text.unicodeScalars.count <= maxLength * 4,
              !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || !PlainTextRule.isAllowed($0) || (0x200C...0x200D).contains($0.value) || (0xFE00...0xFE0F).contains($0.value) }),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
              asciiHost(of: text) != nil
        else { return false }
        return true
    }

    /// The link as a reader should see it, its host in ASCII; short (a profile's list of links):
    /// without the scheme and a trailing slash.
    public static func displayText(_ link: String, short: Bool = true) -> String {
        var scheme = "", text = link
        for prefix in ["https://", "http://"] where text.lowercased().hasPrefix(prefix) {
            scheme = String(text.prefix(prefix.count))
            text = String(text.dropFirst(prefix.count))
        }
        if let host = rawHost(of: text), !host.unicodeScalars.allSatisfy(\.isASCII), let ascii = Punycode.asciiHost(host) {
            text = ascii + text.dropFirst(host.count)
        }
        if short, text.hasSuffix("/") { text.removeLast() }
        // A link saved before links were checked may still hold a hidden character: it shows as its code.
        return PlainTextRule.visible(short ? text : scheme + text, limit: .max)
    }

    /// The ASCII form of a link's host (nil when it cannot be encoded).
    static func asciiHost(of link: String) -> String? {
        var text = Substring(link)
        if let range = text.range(of: "://") { text = text[range.upperBound...] }
        guard let host = rawHost(of: String(text)) else { return nil }
        return Punycode.asciiHost(host)
    }

    /// The host as typed, after the scheme: up to the first `/`, `?`, `#` or `:` (port).
    private static func rawHost(of withoutScheme: String) -> String? {
        let host = withoutScheme.prefix { !"/?#:".contains($0) }
        return host.isEmpty ? nil : String(host)
    }
}
