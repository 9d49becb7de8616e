import Foundation
import Vapor

/// The platform's own URLs: the language switch, the probes, stored media, the API document and
/// the live event stream.
enum PlatformURL: SiteRoute {
    case language(RouteParameter<AppLocale>)
    case healthz
    case readyz
    case media(RouteParameter<String>)
    case apiDocument
    /// The signed-in member's live event stream (server-sent events).
    case liveEvents

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
        case .liveEvents: APIVersion.segments + ["events"]
        }
    }
}
