import Fluent
import Vapor

/// The directory: searching and filtering listable members, with counts per filter.
struct DirectoryFeature: Feature {
    func prepare(_ app: Application) throws {
        app.directoryFacetCounts = DirectoryFacetCounts.Memory()
        app.sectionPaths[.people] = DirectoryURL.members.path
    }

    func migrations(_ app: Application) -> [any Migration] { [CreateDirectoryFacetCounts()] }

    func routes(_ app: Application) throws -> [any RouteCollection] {
        [DirectoryController(), DirectoryAPI()]
    }

    func apiDocument(_ app: Application) -> [APIDocumentPart] { [DirectoryAPIDocument.part] }

    var housekeeping: [Housekeeping] { [
        Housekeeping("directory counts") { try await DirectoryFacetCounts.refreshIfStale(on: $0.db) },
    ] }

    /// The counts are precomputed: demo members appear in them at once.
    func addDemoData(_ demo: DemoData) async throws {
        try await DirectoryFacetCounts.refresh(on: demo.database)
    }
}
