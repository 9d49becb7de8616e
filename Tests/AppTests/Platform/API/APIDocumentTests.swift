@testable import App
import Foundation
import Testing
import Vapor

@Suite("The API document")
struct APIDocumentTests {
    func served(_ app: Application) async throws -> (Data, JSONValue) {
        var data = Data()
        try await app.testing().test(.GET, "/api/v1/openapi.json") { res async throws in
            #expect(res.status == .ok)
            data = Data(res.body.readableBytesView)
        }
        return (data, try JSONDecoder().decode(JSONValue.self, from: data))
    }

    @Test func theDocumentDescribesExactlyTheRoutesTheirParametersAndBodies() async throws {
        try await withApp { app async throws in
            let (_, document) = try await served(app)
            #expect(document["openapi"]?.stringValue == "3.1.0")
            let differences = APIParity.differences(routes: app.routes.all, document: document)
            #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        }
    }

    @Test func theParityCheckSeesAMissingParameterAChangedBodyAndAMissingOperation() async throws {
        try await withApp { app async throws in
            let (_, document) = try await served(app)
            func differences(after change: (inout [String: JSONValue]) -> Void) -> [String] {
                guard case .object(var paths) = document["paths"] else { return [] }
                change(&paths)
                guard case .object(var whole) = document else { return [] }
                whole["paths"] = .object(paths)
                return APIParity.differences(routes: app.routes.all, document: .object(whole))
            }
            func editing(_ path: String, _ method: String, _ edit: @escaping (inout [String: JSONValue]) -> Void) -> (inout [String: JSONValue]) -> Void {
                { paths in
                    guard case .object(var operations) = paths[path], case .object(var operation) = operations[method] else { return }
                    edit(&operation)
                    operations[method] = .object(operation)
                    paths[path] = .object(operations)
                }
            }
            #expect(differences(after: editing("/api/v1/tokens/{id}", "delete") { $0["parameters"] = .array([]) }).count == 1)
            #expect(differences(after: editing("/api/v1/members", "get") {
                $0["parameters"] = .array(($0["parameters"]?.arrayValue ?? []).filter { $0["name"]?.stringValue != "cursor" })
            }).count == 1)
            #expect(differences(after: editing("/api/v1/tokens", "post") { $0["requestBody"] = nil }).count == 1)
            #expect(differences(after: editing("/api/v1/auth/logout", "post") { $0["requestBody"] = .object(["content": .object(["application/json": .object([:])])]) }).count == 1)
            #expect(differences(after: editing("/api/v1/me/profile", "patch") { operation in
                guard case .object(var body) = operation["requestBody"] else { return }
                body["content"] = .object(["application/x-www-form-urlencoded": .object([:])])
                operation["requestBody"] = .object(body)
            }).count == 1)
            #expect(differences(after: editing("/api/v1/me/photo", "put") { operation in
                guard case .object(var body) = operation["requestBody"] else { return }
                body["x-maximum-bytes"] = .integer(1024)
                operation["requestBody"] = .object(body)
            }).count == 1)
            #expect(differences(after: { $0["/api/v1/me"] = nil }).count == 1)
        }
    }

    @Test func everyRequestGetsTheSameBytesBuiltAtStart() async throws {
        try await withApp { app async throws in
            let (first, _) = try await served(app)
            let (second, _) = try await served(app)
            #expect(first == second)
            #expect(first == app.openAPIDocument)
        }
    }

    @Test func limitsAndListsComeFromTheValidationsConstants() async throws {
        try await withApp { app async throws in
            let (_, document) = try await served(app)
            let schemas = document["components"]?["schemas"]
            let update = schemas?["ProfileUpdate"]?["properties"]
            #expect(update?["headline"]?["maxLength"]?.intValue == PlainTextRule(maxCharacters: ProfileLimits.headline).maxCodePoints)
            #expect(update?["interests"]?["maxItems"]?.intValue == ProfileLimits.interests)
            #expect(schemas?["Visibility"]?["enum"] == .array(ProfileVisibility.allCases.map { .string($0.rawValue) }))
            #expect(schemas?["CountryCode"]?["enum"]?.arrayValue?.count == app.referenceData.countries.entries.count)
            #expect(schemas?["TokenRequest"]?["properties"]?["name"]?["maxLength"]?.intValue
                    == PlainTextRule(maxCharacters: APITokenQueries.nameLength.upperBound).maxCodePoints)
            #expect(Set(ProfileTagKind.allCases.map(\.rawValue)).isSubset(of: DirectoryQuery.parameterNames))
        }
    }
}

@Suite("Assembling the API document")
struct APIDocumentAssemblyTests {
    static let problem = APIDocumentPart("problem", json: #"{"components": {"schemas": {"Problem": {"type": "object"}}}}"#)
    static let me = APIDocumentPart("me", json: #"""
        {"paths": {"/api/v1/me": {"get": {"responses": {"200": {"description": "You."}}}}}}
        """#)

    func assemble(_ parts: [(String, APIDocumentPart)]) throws(APIDocumentError) -> JSONValue {
        try APIDocumentAssembly.assemble(parts.map { APIDocumentAssembly.OwnedPart(feature: $0.0, part: $0.1) })
    }

    @Test func partsAreJoinedByOperationAndComponent() throws {
        let other = APIDocumentPart("other", json: #"{"paths": {"/api/v1/me": {"delete": {"responses": {}}}}}"#)
        let document = try assemble([("A", Self.problem), ("B", Self.me), ("C", other)])
        #expect(document["paths"]?["/api/v1/me"]?.objectValue?.keys.sorted() == ["delete", "get"])
        #expect(document["components"]?["schemas"]?["Problem"] != nil)
    }

    @Test func twoFeaturesDescribingOneOperationStopTheStart() throws {
        #expect(throws: APIDocumentError.definedTwice("GET /api/v1/me", "A (me)", "B (me)")) {
            try assemble([("A", Self.me), ("B", Self.me)])
        }
    }

    @Test func twoFeaturesNamingOneSchemaStopTheStart() throws {
        #expect(throws: APIDocumentError.definedTwice("#/components/schemas/Problem", "A (problem)", "B (problem)")) {
            try assemble([("A", Self.problem), ("B", Self.problem)])
        }
    }

    @Test func aMalformedPartStopsTheStartNamingItsFeature() throws {
        let broken = APIDocumentPart("broken", json: #"{"paths": {"/api/v1/me": {"get": }}}"#)
        #expect(throws: APIDocumentError.malformed("ProfilesFeature (broken)")) {
            try assemble([("ProfilesFeature", broken)])
        }
        #expect(String(describing: APIDocumentError.malformed("ProfilesFeature (broken)")).contains("ProfilesFeature"))
    }

    @Test func aReferenceToNothingStopsTheStart() throws {
        let dangling = APIDocumentPart("dangling", json: ##"{"components": {"schemas": {"A": {"$ref": "#/components/schemas/Nope"}}}}"##)
        #expect(throws: APIDocumentError.unresolvedReference("#/components/schemas/Nope", "X (dangling)")) {
            try assemble([("X", dangling)])
        }
    }

    @Test func everyFeaturesPartIsValidJSON() async throws {
        try await withApp { app async throws in
            for feature in app.features {
                for part in feature.apiDocument(app) {
                    #expect((try? JSONDecoder().decode(JSONValue.self, from: Data(part.json.utf8))) != nil, "\(type(of: feature)) (\(part.name))")
                }
            }
        }
    }
}
