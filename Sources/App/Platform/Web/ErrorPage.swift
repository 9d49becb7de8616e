import Vapor

/// The view model of the HTML error page: a title and an explanation in the member's language,
/// and the request id to quote when asking for help.
struct ErrorPage: Encodable {
    /// Statuses with their own wording in the catalogs; others use their class's (400 or 500).
    static let describedStatuses: Set<UInt> = [400, 403, 404, 405, 413, 414, 415, 422, 429, 500, 503]

    let page: PageContext
    let status: UInt
    let messageKey: String
    let requestID: String

    /// `messageKey` replaces the status's general explanation when the cause is known (a stale form).
    init(request: Request, status: HTTPResponseStatus, messageKey: String? = nil) {
        let code = Self.describedStatuses.contains(status.code) ? status.code : (status.code >= 500 ? 500 : 400)
        self.page = PageContext(request: request, titleKey: "error.\(code).title")
        self.status = status.code
        self.messageKey = messageKey ?? "error.\(code).message"
        self.requestID = request.requestID
    }
}
