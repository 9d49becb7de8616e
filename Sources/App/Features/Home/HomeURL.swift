import Foundation
import Vapor

/// The home page's URL.
enum HomeURL: SiteRoute {
    case home

    var segments: [String] {
        switch self {
        case .home: []
        }
    }
}
