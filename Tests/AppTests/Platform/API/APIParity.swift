@testable import App
import Vapor

/// Compares the registered `/api/v1` routes with the API document: operations, path and query
/// parameters, and request bodies (presence, media types, most bytes). Each difference is one
/// sentence; none means the document describes exactly what the server does.
enum APIParity {
    static func differences(routes: [Route], document: JSONValue) -> [String] {
        var problems: [String] = []
        let paths = document["paths"]?.objectValue ?? [:]
        var documented = Set(paths.flatMap { path, operations in (operations.objectValue ?? [:]).keys.map { "\($0.uppercased()) \(path)" } })
        for route in routes {
            let path = "/" + route.path.map { component -> String in
                if case .parameter(let name) = component { return "{\(name)}" }
                return component.description
            }.joined(separator: "/")
            guard path.hasPrefix("/api/v1/") else { continue }
            let key = "\(route.method.rawValue) \(path)"
            guard let operation = paths[path]?[route.method.rawValue.lowercased()] else {
                problems.append("\(key) is only in the routes")
                continue
            }
            documented.remove(key)
            let parameters = (operation["parameters"]?.arrayValue ?? []).map { resolved($0, in: document) }
            func names(in place: String) -> [String] {
                parameters.filter { $0["in"]?.stringValue == place }.compactMap { $0["name"]?.stringValue }.sorted()
            }
            let routeParameters = route.path.compactMap { component -> String? in
                if case .parameter(let name) = component { return name }
                return nil
            }.sorted()
            if names(in: "path") != routeParameters {
                problems.append("\(key): path parameters \(routeParameters) in the route, \(names(in: "path")) in the document")
            }
            if names(in: "query") != route.queryKeys.sorted() {
                problems.append("\(key): query parameters \(route.queryKeys.sorted()) read by the route, \(names(in: "query")) in the document")
            }
            problems += bodyDifferences(key, route.acceptedBody ?? .nothing, operation["requestBody"].map { resolved($0, in: document) })
        }
        problems += documented.sorted().filter { $0.contains(" /api/v1/") }.map { "\($0) is only in the document" }
        return problems
    }

    private static func bodyDifferences(_ key: String, _ body: AcceptedBody, _ requestBody: JSONValue?) -> [String] {
        guard case .nothing = body.kind else {
            guard let requestBody else { return ["\(key) takes a body the document does not describe"] }
            var problems: [String] = []
            let documentedTypes = Set((requestBody["content"]?.objectValue ?? [:]).keys)
            let expected: Set<String>? = switch body.kind {
            case .json: ["application/json"]
            case .form: ["application/x-www-form-urlencoded"]
            case .multipartForm: ["multipart/form-data"]
            case .eitherForm: ["application/x-www-form-urlencoded", "multipart/form-data"]
            case .bytes, .nothing: nil
            }
            if let expected, documentedTypes != expected {
                problems.append("\(key): body \(expected.sorted()) in the route, \(documentedTypes.sorted()) in the document")
            }
            if case .bytes(let routeTypes) = body.kind {
                let parsed = documentedTypes.map { text -> HTTPMediaType in
                    let halves = text.split(separator: "/", maxSplits: 1).map(String.init)
                    return HTTPMediaType(type: halves.first ?? "", subType: halves.count > 1 ? halves[1] : "")
                }
                for type in parsed where !body.allows(type) {
                    problems.append("\(key): the document accepts \(type.type)/\(type.subType), the route does not")
                }
                for type in routeTypes where !parsed.contains(where: { $0.type == type.type && (type.subType == "*" || $0.subType == type.subType) }) {
                    problems.append("\(key): the route accepts \(type.type)/\(type.subType), the document does not")
                }
            }
            if requestBody["x-maximum-bytes"]?.intValue != body.maxBytes {
                problems.append("\(key): at most \(body.maxBytes) bytes in the route, \(requestBody["x-maximum-bytes"].map { "\($0)" } ?? "nothing") in the document")
            }
            return problems
        }
        return requestBody == nil ? [] : ["\(key) takes no body, and the document describes one"]
    }

    /// A `{"$ref": "#/components/…"}` replaced by what it points at.
    static func resolved(_ value: JSONValue, in document: JSONValue) -> JSONValue {
        guard let reference = value["$ref"]?.stringValue else { return value }
        return APIDocumentAssembly.resolve(reference, in: document) ?? value
    }
}
