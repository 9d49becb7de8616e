import Foundation
import NIOConcurrencyHelpers

/// Joins the features' parts into the one OpenAPI document, in feature order. Two parts that
/// describe the same operation or name the same component, a part that is not JSON, or a `$ref`
/// to a component nobody defines stop the start, naming the feature.
enum APIDocumentAssembly {
    /// A part with the feature that owns it.
    struct OwnedPart {
        let feature: String
        let part: APIDocumentPart
    }

    static func assemble(_ parts: [OwnedPart]) throws(APIDocumentError) -> JSONValue {
        var document: [String: JSONValue] = [:]
        var paths: [String: [String: JSONValue]] = [:]
        var components: [String: [String: JSONValue]] = [:]
        var owners: [String: String] = [:]
        func claim(_ key: String, by owner: String) throws(APIDocumentError) {
            if let first = owners[key] { throw .definedTwice(key, first, owner) }
            owners[key] = owner
        }
        for owned in parts {
            let owner = "\(owned.feature) (\(owned.part.name))"
            guard let fragment = try? JSONDecoder().decode(JSONValue.self, from: Data(owned.part.json.utf8)),
                  let members = fragment.objectValue
            else { throw .malformed(owner) }
            for (key, value) in members {
                switch key {
                case "paths":
                    guard let entries = value.objectValue else { throw .malformed(owner) }
                    for (path, operations) in entries {
                        guard let operations = operations.objectValue else { throw .malformed(owner) }
                        for (method, operation) in operations {
                            try claim("\(method.uppercased()) \(path)", by: owner)
                            paths[path, default: [:]][method] = operation
                        }
                    }
                case "components":
                    guard let sections = value.objectValue else { throw .malformed(owner) }
                    for (section, entries) in sections {
                        guard let entries = entries.objectValue else { throw .malformed(owner) }
                        for (name, entry) in entries {
                            try claim("#/components/\(section)/\(name)", by: owner)
                            components[section, default: [:]][name] = entry
                        }
                    }
                default:
                    try claim(key, by: owner)
                    document[key] = value
                }
            }
        }
        document["paths"] = .object(paths.mapValues(JSONValue.object))
        document["components"] = .object(components.mapValues(JSONValue.object))
        let assembled = JSONValue.object(document)
        for owned in parts {
            // Parsed above; each part's references are checked against the whole document.
            guard let fragment = try? JSONDecoder().decode(JSONValue.self, from: Data(owned.part.json.utf8)) else { continue }
            for reference in references(in: fragment) where resolve(reference, in: assembled) == nil {
                throw .unresolvedReference(reference, "\(owned.feature) (\(owned.part.name))")
            }
        }
        return assembled
    }

    /// The document's bytes as served: sorted keys, so every start serves the same bytes.
    /// The document and its served bytes. Parsing and encoding cost more than anything else at
    /// start, and the same parts always make the same document, so a process (a test run builds
    /// hundreds of applications) does it once per distinct set of parts.
    static func build(_ parts: [OwnedPart]) throws -> (document: JSONValue, bytes: Data) {
        let key = parts.map { "\($0.feature)\u{0}\($0.part.name)\u{0}\($0.part.json)" }.joined(separator: "\u{1}")
        if let built = built.withLockedValue({ $0[key] }) { return built }
        let document = try assemble(parts)
        let result = (document: document, bytes: try encode(document))
        built.withLockedValue { $0[key] = result }
        return result
    }

    private static let built = NIOLockedValueBox<[String: (document: JSONValue, bytes: Data)]>([:])

    static func encode(_ document: JSONValue) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    /// Every `$ref` in a value.
    static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { key, member in
                key == "$ref" ? [member.stringValue].compactMap { $0 } : references(in: member)
            }
        case .array(let items): return items.flatMap(references)
        default: return []
        }
    }

    /// What a local reference (`#/components/schemas/Profile`) points at, if anything.
    static func resolve(_ reference: String, in document: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var value: JSONValue? = document
        for step in reference.dropFirst(2).split(separator: "/") {
            value = value?[String(step).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
        }
        return value
    }
}

/// Why the API document could not be assembled: a programming error, caught at start.
enum APIDocumentError: Error, CustomStringConvertible, Equatable {
    /// Not JSON, or not shaped as a part (an object with `paths` and `components` objects).
    case malformed(String)
    /// An operation (`GET /api/v1/me`), a component or a header field defined by two parts.
    case definedTwice(String, String, String)
    case unresolvedReference(String, String)

    var description: String {
        switch self {
        case .malformed(let owner):
            "the API document part of \(owner) is not valid JSON of the shape {\"paths\": {…}, \"components\": {…}}"
        case .definedTwice(let key, let first, let second):
            "the API document defines \(key) twice: in \(first) and in \(second)"
        case .unresolvedReference(let reference, let owner):
            "the API document part of \(owner) refers to \(reference), which no feature defines"
        }
    }
}
