import Foundation
import Vapor

/// The legal pages' URLs.
enum PrivacyURL: SiteRoute {
    case terms
    case privacy

    var segments: [String] {
        switch self {
        case .terms: ["terms"]
        case .privacy: ["privacy"]
        }
    }
}
