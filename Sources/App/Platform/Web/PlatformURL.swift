import Foundation
import Vapor

/// The platform's own URLs: the language switch, the probes, stored media and the API document.
enum PlatformURL: SiteRoute {
    case language(RouteParameter<AppLocale>)
    case healthz
    case readyz
    case media(RouteParameter<String>)
    case apiDocument

    /// Parameter names, shared by route patterns and `req.parameters.get`.
    enum Key {
        static let language = "code"
        static let media = "hash"
    }

    var segments: [String] {
        switch self {
        case .language(let locale): ["language", locale.segment(key: Key.language) { $0.rawValue }]
        case .healthz: ["healthz"]
        case .readyz: ["readyz"]
        case .media(let hash): ["media", hash.segment(key: Key.media) { $0 }]
        case .apiDocument: APIVersion.segments + ["openapi.json"]
        }
    }
}
