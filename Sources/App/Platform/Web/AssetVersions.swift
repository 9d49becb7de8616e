
import Foundation
import Vapor

/// Content hashes of the files in `Public/`, computed once at start, so pages link to
/// `/css/site.css?v=<hash>` and browsers may cache those URLs for a year.
public struct AssetVersions: Sendable {
    private let versions: [String: String]

    public init(publicDirectory: String, files: [String]) {
        var versions: [String: String] = [:]
        for file in files {
            let path = (publicDirectory as NSString).appendingPathComponent(file)
            if let data = FileManager.default.contents(atPath: path) {
                versions[file] = SHA256.hash(data: data).prefix(6).map { String(format: "%02x", $0) }.joined()
            }
        }
        self.versions = versions
    }

    public func url(for file: String) -> String {
        guard let version = versions[file] else { return "/\(file)" }
        return "/\(file)?v=\(version)"
    }
}

extension Application {
    private struct AssetVersionsKey: StorageKey {
        typealias Value = AssetVersions
    }

    public var assetVersions: AssetVersions {
        get { storage[AssetVersionsKey.self] ?? AssetVersions(publicDirectory: "", files: []) }
        set { storage[AssetVersionsKey.self] = newValue }
    }
}
