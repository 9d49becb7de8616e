import Vapor

/// The terms and privacy notice pages.
struct LegalPage: Encodable {
    let page: PageContext
    let heading: String
    let paragraphs: [String]
}
