import Vapor

/// The pages behind a link from a mail: while the link is usable, a page with one button that
/// confirms it (a POST, so mail scanners that open links do not use them up); otherwise a page
/// saying the link has expired or was used (410).
enum MailLinkPages {
    /// `prefix` names the catalog keys: `<prefix>.title|heading|confirm|submit`.
    static func confirm(_ req: Request, purpose: AccountToken.Purpose, prefix: String, action: AccountsURL) async throws -> Response {
        let token = req.query[String.self, at: "token"] ?? ""
        guard try await req.accounts.isUsable(token, purpose: purpose) else {
            return try await refused(req, prefix: prefix)
        }
        return try await req.view.render("accounts/message", AccountMessagePage(
            page: PageContext(request: req, titleKey: "\(prefix).title"),
            heading: "\(prefix).heading",
            message: "\(prefix).confirm",
            action: .init(url: action.path, label: "\(prefix).submit", token: token),
            link: nil
        )).encodeResponse(for: req)
    }

    static func refused(_ req: Request, prefix: String, message: String = "verify.invalid", link: AccountFormPage.Link? = nil) async throws -> Response {
        try await req.view.render("accounts/message", AccountMessagePage(
            page: PageContext(request: req, titleKey: "\(prefix).title"),
            heading: "\(prefix).heading", message: message, action: nil, link: link
        )).encodeResponse(status: .gone, for: req)
    }
}
