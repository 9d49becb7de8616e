import Vapor

/// Countries, languages, skills and topics: the coded lists profiles and filters use, loaded at start.
struct ReferenceDataFeature: Feature {
    func prepare(_ app: Application) throws {
        app.referenceData = try ShippedFiles.parse(app.directory.resourcesDirectory + "Data", with: ReferenceData.load(from:))
    }

    func routes(_ app: Application) throws -> [any RouteCollection] { [ReferenceDataAPI()] }

    func apiDocument(_ app: Application) -> [APIDocumentPart] { [ReferenceDataAPIDocument.part(app.referenceData)] }
}
