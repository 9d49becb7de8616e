@testable import App
import Foundation
import Testing

/// Each feature keeps its strings in `Resources/Locales/<feature>/`; they are merged at start.
@Suite("Loading string catalogs")
struct CatalogLoadingTests {
    /// Writes `files` (`"Feature/en.json": [key: text]`) under a new folder and returns it.
    func folder(_ files: [String: [String: String]]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("catalogs-\(UUID().uuidString)")
        for (path, strings) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONEncoder().encode(strings).write(to: url)
        }
        return root.path
    }

    func everyLanguage(_ feature: String, _ strings: [String: String]) -> [String: [String: String]] {
        Dictionary(uniqueKeysWithValues: AppLocale.allCases.map { ("\(feature)/\($0.rawValue).json", strings) })
    }

    @Test func featuresStringsAreMerged() throws {
        let root = try folder(everyLanguage("Alpha", ["alpha.title": "Alpha"]).merging(everyLanguage("Beta", ["beta.title": "Beta"])) { $1 })
        defer { try? FileManager.default.removeItem(atPath: root) }
        let catalogs = try Catalogs.load(from: root)
        #expect(catalogs.keys(for: .fr) == ["alpha.title", "beta.title"])
    }

    @Test func aKeyDefinedByTwoFeaturesStopsTheStart() throws {
        let root = try folder(everyLanguage("Alpha", ["shared.title": "Alpha"]).merging(everyLanguage("Beta", ["shared.title": "Beta"])) { $1 })
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect {
            try Catalogs.load(from: root)
        } throws: { error in
            guard case CatalogError.duplicateKey(let key, let first, let second) = error else { return false }
            return key == "shared.title" && first.contains("/Alpha/") && second.contains("/Beta/")
        }
    }

    @Test func aFeatureMissingALanguageStopsTheStart() throws {
        var files = everyLanguage("Alpha", ["alpha.title": "Alpha"])
        files["Alpha/es.json"] = nil
        let root = try folder(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect {
            try Catalogs.load(from: root)
        } throws: { error in
            guard case CatalogError.missingFile(let path) = error else { return false }
            return path.hasSuffix("Alpha/es.json")
        }
    }

    @Test func theRepositorysStringsLoadWithEveryKeyOnce() throws {
        let catalogs = try Catalogs.load(from: repositoryRoot + "/Resources/Locales")
        #expect(catalogs.keys(for: .en).count > 300)
    }
}
