import Leaf
import Vapor

/// `#t("key")` or `#t("key", "name", value, …)`: the string for `key` in the request's language,
/// with `{name}` replaced by `value`. Output is HTML-escaped like `#(…)`, so values may be member text.
struct TranslateTag: LeafTag {
    func render(_ context: LeafContext) throws -> LeafData {
        guard let key = context.parameters.first?.string else {
            throw TranslateTagError("#t() needs a string key as its first parameter")
        }
        guard context.parameters.count % 2 == 1 else {
            throw TranslateTagError("#t(\"\(key)\", …) needs placeholder names and values in pairs")
        }
        var arguments: [String: String] = [:]
        var index = 1
        while index < context.parameters.count {
            guard let name = context.parameters[index].string else {
                throw TranslateTagError("#t(\"\(key)\", …): placeholder names must be strings")
            }
            arguments[name] = context.parameters[index + 1].string ?? ""
            index += 2
        }
        guard let request = context.request else {
            throw TranslateTagError("#t() renders only within a request")
        }
        return .string(request.t(key, arguments))
    }
}

/// A template misuses `#t` (a mistake in code, caught by the template tests).
struct TranslateTagError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) {
        self.description = description
    }
}
