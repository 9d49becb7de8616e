import Foundation

/// Member-written plain text prepared for a page: paragraphs (split at blank lines), lines, and
/// runs of text or http(s) links. Templates escape every run, so nothing the member typed becomes
/// markup; only addresses `WebLink` accepts become links, shown with their host in ASCII.
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
            guard WebLink.isAcceptable(String(address)) else {
                pending += token
                continue
            }
            if !pending.isEmpty { runs.append(Run(text: pending, href: nil)) }
            runs.append(Run(text: WebLink.displayText(String(address), short: false), href: String(address)))
            pending = trailing
        }
        if !pending.isEmpty { runs.append(Run(text: pending, href: nil)) }
        return runs
    }
}
