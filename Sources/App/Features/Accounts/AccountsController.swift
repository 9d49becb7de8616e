import Fluent
import Vapor

/// The pages of joining, signing in and out, verifying an address and recovering a password.
struct AccountsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let routes = routes.withoutServerTiming()
        routes.get(AccountsURL.join.pathComponents, use: joinForm)
        routes.post(AccountsURL.join.pathComponents, accepting: .form(), use: join)
        routes.get(AccountsURL.login.pathComponents, use: loginForm)
        routes.post(AccountsURL.login.pathComponents, accepting: .form(), use: login)
        routes.post(AccountsURL.logout.pathComponents, accepting: .form(), use: logout)
        routes.get(AccountsURL.verifyEmail.pathComponents, use: verifyPage)
        routes.post(AccountsURL.verifyEmail.pathComponents, accepting: .form(), use: verify)
        routes.post(AccountsURL.resendVerification.pathComponents, accepting: .form(), use: resendVerification)
        routes.get(AccountsURL.passwordForgot.pathComponents, use: forgotForm)
        routes.post(AccountsURL.passwordForgot.pathComponents, accepting: .form(), use: forgot)
        routes.get(AccountsURL.passwordReset.pathComponents, use: resetForm)
        routes.post(AccountsURL.passwordReset.pathComponents, accepting: .form(), use: reset)
    }

    // MARK: - Join

    struct JoinInput: Content {
        var email: String?
        var displayName: String?
        var password: String?
        var consent: String?
        /// The browser's zone, filled in by site.js; a guess, kept only when it is a known zone.
        var timeZone: String?
    }

    func joinForm(req: Request) async throws -> Response {
        if req.principal != nil { return redirect(to: AccountsURL.account.path, on: req) }
        return try await renderJoin(req, input: JoinInput(), errors: FormErrors(), status: .ok)
    }

    func join(req: Request) async throws -> Response {
        let input = try req.content.decode(JoinInput.self)
        let registration = AccountService.Registration(
            email: input.email ?? "", displayName: input.displayName ?? "", locale: req.appLocale,
            way: .password(input.password ?? ""), consented: input.consent == "1", timeZoneGuess: input.timeZone
        )
        return try await req.submitting({
            // The same answer, in the same time, for an address that already has an account: the
            // mail tells its owner, and no one else learns it.
            _ = try await req.accounts.register(registration, from: req.clientOrigin)
            return try await req.view.render("accounts/message", AccountMessagePage(
                page: PageContext(request: req, titleKey: "join.sent.title"),
                heading: "join.sent.heading", message: "join.sent.message", action: nil,
                link: .init(href: AccountsURL.login.path, label: "join.sent.login")
            )).encodeResponse(for: req)
        }, orShowForm: { errors in
            try await renderJoin(req, input: input, errors: errors, status: .unprocessableEntity)
        })
    }

    private func renderJoin(_ req: Request, input: JoinInput, errors: FormErrors, status: HTTPResponseStatus) async throws -> Response {
        let messages = errors.messages(for: req)
        let context = AccountFormPage(
            page: PageContext(request: req, titleKey: "join.title"),
            heading: "join.heading",
            intro: "join.intro",
            action: AccountsURL.join.path,
            fields: [
                FormField(name: "email", type: "email", label: "field.email", value: input.email ?? "", errors: messages, autocomplete: "email"),
                FormField(name: "displayName", label: "field.displayName", hint: "field.displayName.hint", value: input.displayName ?? "", errors: messages, autocomplete: "name"),
                FormField(name: "password", type: "password", label: "field.password", hint: "field.password.hint", errors: messages, autocomplete: "new-password"),
                FormField(name: "consent", type: "checkbox", label: "join.consent", errors: messages, checked: input.consent == "1"),
            ],
            hidden: [.init(name: "timeZone", value: input.timeZone.flatMap { MemberTimeZone.isKnown($0) ? $0 : nil } ?? "")],
            submit: "join.submit",
            links: [
                .init(href: PrivacyURL.terms.path, label: "legal.terms.title"),
                .init(href: PrivacyURL.privacy.path, label: "legal.privacy.title"),
                .init(href: AccountsURL.login.path, label: "join.haveAccount"),
            ],
            formError: nil,
            providers: ProviderButton.all(for: req)
        )
        return try await req.view.render("accounts/form", context).encodeResponse(status: status, for: req)
    }

    // MARK: - Sign in and out

    struct LoginInput: Content {
        var email: String?
        var password: String?
        var returnTo: String?
    }

    func loginForm(req: Request) async throws -> Response {
        let returnTo = LanguageController.safeReturnPath(req.query[String.self, at: "return"])
        if req.principal != nil { return redirect(to: returnTo, on: req) }
        return try await renderLogin(req, input: LoginInput(returnTo: returnTo), formError: nil, status: .ok)
    }

    func login(req: Request) async throws -> Response {
        let input = try req.content.decode(LoginInput.self)
        switch try await req.accounts.signIn(email: input.email ?? "", password: input.password ?? "", from: req.clientOrigin) {
        case .wrongCredentials:
            return try await renderLogin(req, input: input, formError: "login.error.credentials", status: .unprocessableEntity)
        case .suspended:
            return try await renderLogin(req, input: input, formError: "login.error.suspended", status: .forbidden)
        case .success(let member):
            let session = try await req.startSession(for: member)
            let response = redirect(to: LanguageController.safeReturnPath(input.returnTo), flash: "flash.signedIn", on: req)
            response.setSessionCookie(session.token, on: req)
            try await response.rememberDevice(of: member, on: req)
            return response
        }
    }

    private func renderLogin(_ req: Request, input: LoginInput, formError: String?, status: HTTPResponseStatus) async throws -> Response {
        let context = AccountFormPage(
            page: PageContext(request: req, titleKey: "login.title"),
            heading: "login.heading",
            intro: nil,
            action: AccountsURL.login.path,
            fields: [
                FormField(name: "email", type: "email", label: "field.email", value: input.email ?? "", autocomplete: "email"),
                FormField(name: "password", type: "password", label: "field.password", autocomplete: "current-password"),
            ],
            hidden: [.init(name: "returnTo", value: LanguageController.safeReturnPath(input.returnTo))],
            submit: "login.submit",
            links: [
                .init(href: AccountsURL.passwordForgot.path, label: "login.forgot"),
                .init(href: AccountsURL.join.path, label: "login.noAccount"),
            ],
            formError: formError.map { req.t($0) },
            providers: ProviderButton.all(for: req, returnTo: LanguageController.safeReturnPath(input.returnTo))
        )
        return try await req.view.render("accounts/form", context).encodeResponse(status: status, for: req)
    }

    func logout(req: Request) async throws -> Response {
        try await req.endSession()
        let response = redirect(to: HomeURL.home.path, flash: "flash.signedOut", on: req)
        response.clearSessionCookie(on: req)
        return response
    }

    // MARK: - Verification

    func verifyPage(req: Request) async throws -> Response {
        try await MailLinkPages.confirm(req, purpose: .verifyEmail, prefix: "verify", action: .verifyEmail)
    }

    struct TokenInput: Content {
        var token: String?
    }

    func verify(req: Request) async throws -> Response {
        let input = try req.content.decode(TokenInput.self)
        guard try await req.accounts.verifyEmail(token: input.token ?? "") else {
            return try await MailLinkPages.refused(req, prefix: "verify")
        }
        return redirect(to: req.principal == nil ? AccountsURL.login.path : HomeURL.home.path, flash: "flash.verified", on: req)
    }

    func resendVerification(req: Request) async throws -> Response {
        try await req.accounts.resendVerification(to: try await req.currentMember())
        return redirect(to: HomeURL.home.path, flash: "flash.verificationSent", on: req)
    }

    // MARK: - Password recovery

    struct ForgotInput: Content {
        var email: String?
    }

    func forgotForm(req: Request) async throws -> Response {
        try await renderForgot(req, email: "", errors: FormErrors(), status: .ok)
    }

    func forgot(req: Request) async throws -> Response {
        let email = (try req.content.decode(ForgotInput.self).email ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return try await req.submitting({
            try await req.accounts.requestPasswordReset(email: email, from: req.clientOrigin)
            return try await req.view.render("accounts/message", AccountMessagePage(
                page: PageContext(request: req, titleKey: "forgot.title"),
                heading: "forgot.heading", message: "forgot.sent", action: nil,
                link: .init(href: AccountsURL.login.path, label: "forgot.backToLogin")
            )).encodeResponse(for: req)
        }, orShowForm: { errors in
            try await renderForgot(req, email: email, errors: errors, status: .unprocessableEntity)
        })
    }

    private func renderForgot(_ req: Request, email: String, errors: FormErrors, status: HTTPResponseStatus) async throws -> Response {
        let context = AccountFormPage(
            page: PageContext(request: req, titleKey: "forgot.title"),
            heading: "forgot.heading", intro: "forgot.intro", action: AccountsURL.passwordForgot.path,
            fields: [FormField(name: "email", type: "email", label: "field.email", value: email, errors: errors.messages(for: req), autocomplete: "email")],
            hidden: [], submit: "forgot.submit",
            links: [.init(href: AccountsURL.login.path, label: "forgot.backToLogin")],
            formError: nil
        )
        return try await req.view.render("accounts/form", context).encodeResponse(status: status, for: req)
    }

    struct ResetInput: Content {
        var token: String?
        var password: String?
    }

    func resetForm(req: Request) async throws -> Response {
        let token = req.query[String.self, at: "token"] ?? ""
        guard try await req.accounts.isUsable(token, purpose: .resetPassword) else {
            return try await invalidResetLink(req)
        }
        return try await renderReset(req, token: token, errors: FormErrors(), status: .ok)
    }

    func reset(req: Request) async throws -> Response {
        let input = try req.content.decode(ResetInput.self)
        let token = input.token ?? ""
        return try await req.submitting({
            guard let member = try await req.accounts.resetPassword(token: token, newPassword: input.password ?? "") else {
                return try await invalidResetLink(req)
            }
            let response = redirect(to: AccountsURL.login.path, flash: "flash.passwordReset", on: req)
            response.clearSessionCookie(on: req)
            // The link proved the mailbox: this browser may sign in even while strangers use up the address's limit.
            try await response.rememberDevice(of: member, on: req)
            return response
        }, orShowForm: { errors in
            try await renderReset(req, token: token, errors: errors, status: .unprocessableEntity)
        })
    }

    private func renderReset(_ req: Request, token: String, errors: FormErrors, status: HTTPResponseStatus) async throws -> Response {
        let context = AccountFormPage(
            page: PageContext(request: req, titleKey: "reset.title"),
            heading: "reset.heading", intro: nil, action: AccountsURL.passwordReset.path,
            fields: [FormField(name: "password", type: "password", label: "field.newPassword", hint: "field.password.hint", errors: errors.messages(for: req), autocomplete: "new-password")],
            hidden: [.init(name: "token", value: token)], submit: "reset.submit", links: [], formError: nil
        )
        return try await req.view.render("accounts/form", context).encodeResponse(status: status, for: req)
    }

    private func invalidResetLink(_ req: Request) async throws -> Response {
        try await MailLinkPages.refused(req, prefix: "reset", message: "reset.invalid", link: .init(href: AccountsURL.passwordForgot.path, label: "reset.again"))
    }
}
