import Foundation

/// Member-written plain text prepared for a page: paragraphs (split at blank lines), lines, and
/// runs of text or http(s) links. Templates escape every run, so nothing the member typed becomes
/// markup; only addresses that parse as absolute http(s) URLs become links.
public enum LinkedText {
    public struct Run: Encodable, Sendable, Equatable {
        public let text: String
        public let href: String?
    }

    public struct Line: Encodable, Sendable, Equatable {
        public let breakBefore: Bool
        public let runs: [Run]
    }

    public struct Paragraph: Encodable, Sendable, Equatable {
        public let lines: [Line]
    }

    public static func paragraphs(_ text: String) -> [Paragraph] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        var paragraphs: [Paragraph] = []
        var lines: [Line] = []
        for rawLine in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                if !lines.isEmpty { paragraphs.append(Paragraph(lines: lines)) }
                lines = []
            } else {
                lines.append(Line(breakBefore: !lines.isEmpty, runs: runs(line)))
            }
        }
        if !lines.isEmpty { paragraphs.append(Paragraph(lines: lines)) }
        return paragraphs
    }

    /// Splits a line at whitespace-delimited http(s) addresses; trailing punctuation stays text.
    static func runs(_ line: String) -> [Run] {
        var runs: [Run] = []
        var pending = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false).enumerated().map({ ($0.offset, String($0.element)) }) {
            let (index, token) = word
            if index > 0 { pending += " " }
            let lowered = token.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
                pending += token
                continue
            }
            var address = Substring(token)
            var trailing = ""
            while let last = address.last, ".,;:!?)]}'\"".contains(last) {
                trailing = String(last) + trailing
                address = address.dropLast()
            }
            guard isWebAddress(String(address)) else {
                pending += token
                continue
            }
            if !pending.isEmpty { runs.append(Run(text: pending, href: nil)) }
            runs.append(Run(text: String(address), href: String(address)))
            pending = trailing
        }
        if !pending.isEmpty { runs.append(Run(text: pending, href: nil)) }
        return runs
    }

    /// An absolute http(s) URL with a host and no credentials.
    public static func isWebAddress(_ text: String) -> Bool {
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }),
              let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil
        else { return false }
        return true
    }
}
