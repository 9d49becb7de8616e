import Vapor

/// Serves the OpenAPI 3.1 description of `/api/v1`, assembled once at start from every feature's
/// part (`Feature.apiDocument`). A test fails when the routes and the document differ in paths,
/// methods, parameters or bodies.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PlatformURL.apiDocument.pathComponents, use: document)
    }

    func document(req: Request) async throws -> Response {
        guard let data = req.application.openAPIDocument else { throw Abort(.notFound) }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "json", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}

extension Application {
    private struct OpenAPIDocumentKey: StorageKey { typealias Value = Data }
    private struct APIDocumentKey: StorageKey { typealias Value = JSONValue }

    /// The OpenAPI document's bytes as served, encoded by `install`.
    var openAPIDocument: Data? {
        get { storage[OpenAPIDocumentKey.self] }
        set { storage[OpenAPIDocumentKey.self] = newValue }
    }

    /// The assembled document, parsed (for tests and checks that read it).
    var apiDocument: JSONValue? {
        get { storage[APIDocumentKey.self] }
        set { storage[APIDocumentKey.self] = newValue }
    }
}
