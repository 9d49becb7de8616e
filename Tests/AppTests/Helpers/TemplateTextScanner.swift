import Foundation

/// Finds user-facing text written directly in a Leaf template instead of coming from the
/// catalogs: words between tags, and words in attributes people read (alt, title, labels…).
enum TemplateTextScanner {
    /// Attributes whose values are shown or read aloud to people.
    static let readableAttributes = ["alt", "title", "placeholder", "aria-label", "aria-description", "label", "content"]

    /// The offending snippets of `template`, empty when all text comes from `#t(…)` or `#(…)`.
    static func literalText(in template: String) -> [String] {
        var text = removeBlocks(from: stripLeafExpressions(template))
        var findings: [String] = []
        let tagPattern = try! NSRegularExpression(pattern: "<[^>]*>")
        for match in tagPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let range = Range(match.range, in: text) else { continue }
            let tag = String(text[range])
            findings += readableAttributeText(in: tag)
            text.replaceSubrange(range, with: " ")
        }
        let entity = try! NSRegularExpression(pattern: "&(#[0-9]+|[a-zA-Z]+);")
        text = entity.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        for line in text.split(whereSeparator: \.isNewline) where line.contains(where: \.isLetter) {
            findings.append(line.trimmingCharacters(in: .whitespaces))
        }
        return findings
    }

    /// Replaces every `#name(…)` (balanced, strings respected), `#name:` and `#endname` with a space.
    static func stripLeafExpressions(_ template: String) -> String {
        var output = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            guard character == "#", next < template.endIndex, template[next].isLetter || template[next] == "(" else {
                output.append(character)
                index = next
                continue
            }
            var cursor = next
            while cursor < template.endIndex, template[cursor].isLetter || template[cursor].isNumber { cursor = template.index(after: cursor) }
            if cursor < template.endIndex, template[cursor] == "(" {
                cursor = endOfParentheses(in: template, from: cursor)
            }
            if cursor < template.endIndex, template[cursor] == ":" { cursor = template.index(after: cursor) }
            output.append(" ")
            index = cursor
        }
        return output
    }

    private static func endOfParentheses(in text: String, from start: String.Index) -> String.Index {
        var depth = 0
        var inString = false
        var cursor = start
        while cursor < text.endIndex {
            let character = text[cursor]
            if inString {
                if character == "\\" { cursor = text.index(after: cursor) }
                else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
                if depth == 0 { return text.index(after: cursor) }
            }
            if cursor < text.endIndex { cursor = text.index(after: cursor) }
        }
        return text.endIndex
    }

    private static func removeBlocks(from text: String) -> String {
        let blocks = try! NSRegularExpression(pattern: "<!--.*?-->|<script\\b.*?</script>|<style\\b.*?</style>", options: [.dotMatchesLineSeparators, .caseInsensitive])
        return blocks.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
    }

    private static func readableAttributeText(in tag: String) -> [String] {
        // The viewport's content is configuration, not text.
        if tag.contains("name=\"viewport\"") { return [] }
        var findings: [String] = []
        for attribute in readableAttributes {
            let pattern = try! NSRegularExpression(pattern: "\\s\(attribute)=\"([^\"]*)\"")
            for match in pattern.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)) {
                if let range = Range(match.range(at: 1), in: tag), tag[range].contains(where: \.isLetter) {
                    findings.append("\(attribute)=\"\(tag[range])\"")
                }
            }
        }
        return findings
    }
}
