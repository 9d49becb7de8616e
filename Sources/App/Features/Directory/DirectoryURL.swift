import Foundation
import Vapor

/// The directory's URL.
enum DirectoryURL: SiteRoute {
    case members

    var segments: [String] {
        switch self {
        case .members: ["members"]
        }
    }
}
