import Foundation

/// Finds the catalog keys Swift code and Leaf templates name: every one-line string literal
/// shaped like a key (`"profile.error.country"`), and the families code builds by interpolation
/// (`"profile.part.\(part.rawValue)"`) as patterns.
enum SourceKeyScanner {
    struct Found: Equatable {
        /// Literal keys, with where each was found.
        var keys: [String: String] = [:]
        /// Interpolated keys as anchored patterns, with where each was found.
        var families: [String: String] = [:]
    }

    /// Scans every `.swift` and `.leaf` file under `folders`.
    static func scan(folders: [String]) throws -> Found {
        var found = Found()
        for folder in folders {
            let enumerator = FileManager.default.enumerator(atPath: folder)
            while let relative = enumerator?.nextObject() as? String {
                guard relative.hasSuffix(".swift") || relative.hasSuffix(".leaf") else { continue }
                let source = try String(contentsOfFile: folder + "/" + relative, encoding: .utf8)
                let place = (folder as NSString).lastPathComponent + "/" + relative
                if relative.hasSuffix(".swift") { scan(source, place: place, into: &found) } else { scanTemplate(source, place: place, into: &found) }
            }
        }
        return found
    }

    static func scan(_ source: String, place: String, into found: inout Found) {
        var inMultiline = false
        for (number, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.contains("\"\"\"") { inMultiline.toggle(); continue }
            let trimmed = line.drop { $0 == " " }
            // A job's stored kind (`static let kind = "notes.word-count"`) and a notification kind's stored
            // id (`id: "connections.request-received",` on its own line) are shaped like keys and are not ones.
            if inMultiline || trimmed.hasPrefix("//") || trimmed.hasPrefix("static let kind ") || trimmed.hasPrefix("id: \"") { continue }
            for pieces in literals(in: Substring(line)) {
                guard let candidate = keyShape(pieces) else { continue }
                switch candidate {
                case .key(let key): found.keys[key] = found.keys[key] ?? "\(place):\(number + 1)"
                case .family(let pattern): found.families[pattern] = found.families[pattern] ?? "\(place):\(number + 1)"
                }
            }
        }
    }

    /// Leaf has no interpolation inside strings, and its quotes nest inside HTML's
    /// (`title="#t("a.b")"`), so a template is read for quoted dotted words alone.
    static func scanTemplate(_ source: String, place: String, into found: inout Found) {
        let pattern = try! NSRegularExpression(pattern: #""([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)""#)
        for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
            let key = String(source[Range(match.range(at: 1), in: source)!])
            found.keys[key] = found.keys[key] ?? place
        }
    }

    enum Piece: Equatable {
        case text(String)
        case interpolation
    }

    enum Candidate: Equatable {
        case key(String)
        case family(String)
    }

    /// The one-line string literals of `line`, each as text and interpolation pieces.
    static func literals(in line: Substring) -> [[Piece]] {
        var result: [[Piece]] = []
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == "\"" {
                let (pieces, end) = literal(in: line, from: line.index(after: index))
                if let pieces { result.append(pieces) }
                index = end
            } else if line[index...].hasPrefix("//") {
                break
            } else {
                index = line.index(after: index)
            }
        }
        return result
    }

    /// Reads one literal whose opening quote is just before `start`; nil when the line ends first.
    private static func literal(in line: Substring, from start: Substring.Index) -> ([Piece]?, Substring.Index) {
        var pieces: [Piece] = []
        var text = ""
        var index = start
        while index < line.endIndex {
            let character = line[index]
            if character == "\"" {
                if !text.isEmpty { pieces.append(.text(text)) }
                return (pieces, line.index(after: index))
            }
            if character == "\\" {
                let next = line.index(after: index)
                guard next < line.endIndex else { return (nil, line.endIndex) }
                if line[next] == "(" {
                    if !text.isEmpty { pieces.append(.text(text)) }
                    text = ""
                    pieces.append(.interpolation)
                    index = endOfInterpolation(in: line, from: next)
                    continue
                }
                text.append(line[next])
                index = line.index(after: next)
                continue
            }
            text.append(character)
            index = line.index(after: index)
        }
        return (nil, line.endIndex)
    }

    /// The index after the `)` that closes the `(` at `open`, skipping nested strings.
    private static func endOfInterpolation(in line: Substring, from open: Substring.Index) -> Substring.Index {
        var depth = 0
        var index = open
        while index < line.endIndex {
            switch line[index] {
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return line.index(after: index) }
            case "\"":
                index = literal(in: line, from: line.index(after: index)).1
                continue
            default: break
            }
            index = line.index(after: index)
        }
        return line.endIndex
    }

    /// A literal that can only be a key: dotted words, with interpolations standing for words.
    static func keyShape(_ pieces: [Piece]) -> Candidate? {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
        var pattern = ""
        var literal = ""
        var hasInterpolation = false
        for piece in pieces {
            switch piece {
            case .text(let text):
                guard text.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
                pattern += NSRegularExpression.escapedPattern(for: text)
                literal += text
            case .interpolation:
                hasInterpolation = true
                pattern += "[A-Za-z0-9_-]+"
            }
        }
        if hasInterpolation { return literal.contains(".") ? .family("^" + pattern + "$") : nil }
        guard literal.contains("."), !literal.hasPrefix("."), !literal.hasSuffix("."), !literal.contains("..") else { return nil }
        return .key(literal)
    }
}
