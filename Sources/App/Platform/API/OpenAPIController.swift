import Vapor

/// Serves the OpenAPI 3.1 description of `/api/v1` from `Resources/API/openapi.json`, read once
/// at start. The document is written by hand next to the code; a test fails when the routes
/// and the document's paths differ.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(PlatformURL.apiDocument.pathComponents, use: document)
    }

    static func path(in application: Application) -> String {
        application.directory.resourcesDirectory + "API/openapi.json"
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

    /// The OpenAPI document's bytes, loaded by `configure`.
    var openAPIDocument: Data? {
        get { storage[OpenAPIDocumentKey.self] }
        set { storage[OpenAPIDocumentKey.self] = newValue }
    }
}
