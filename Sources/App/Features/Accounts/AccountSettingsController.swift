import Fluent
import Vapor

/// `/account`: the signed-in member's email, password, language, sessions and API tokens.
struct AccountSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let routes = routes.withoutServerTiming()
        routes.get(AccountsURL.account.pathComponents, use: show)
        routes.post(AccountsURL.accountEmail.pathComponents, accepting: .form(), use: changeEmail)
        routes.get(AccountsURL.confirmEmail.pathComponents, use: confirmEmailPage)
        routes.post(AccountsURL.confirmEmail.pathComponents, accepting: .form(), use: confirmEmail)
        routes.post(AccountsURL.accountPassword.pathComponents, accepting: .form(), use: changePassword)
        routes.post(AccountsURL.accountLanguage.pathComponents, accepting: .form(), use: changeLanguage)
        routes.post(AccountsURL.accountTimeZone.pathComponents, accepting: .form(), use: changeTimeZone)
        routes.post(AccountsURL.accountSignOutEverywhere.pathComponents, accepting: .form(), use: signOutEverywhere)
        routes.post(AccountsURL.accountTokens.pathComponents, accepting: .form(), use: createToken)
        routes.post(AccountsURL.accountTokenRevoke(.key).pathComponents, accepting: .form(), use: revokeToken)
        routes.post(AccountsURL.accountIdentityUnlink(.key).pathComponents, accepting: .form(), use: unlinkIdentity)
        routes.post(AccountsURL.accountPasswordLink.pathComponents, accepting: .form(), use: sendPasswordLink)
    }

    /// What the forms sent back, so a failed form keeps what was typed.
    struct Submitted {
        var values: [String: String] = [:]
        var errors = FormErrors()
        var newToken: String?
        var identityError: String?
    }

    func show(req: Request) async throws -> View {
        try await render(req, submitted: Submitted())
    }

    private func render(_ req: Request, submitted: Submitted, status: HTTPResponseStatus = .ok) async throws -> View {
        let member = try await req.currentMember()
        let principal = try req.require()
        let tokens = try await APITokenQueries.list(for: principal, on: req.db)
        let identities = try await IdentityQueries.list(for: principal, on: req.db)
        let providers = req.application.signInProviders
        let usable = identities.filter { identity in providers.contains { $0.id.rawValue == identity.provider } }
        let linkable = ProviderButton.all(for: req, except: Set(identities.map(\.provider)))
        let messages = submitted.errors.messages(for: req)
        let values = submitted.values
        let formatter = req.dateFormatter(date: .medium, time: .short)
        let context = AccountSettingsPage(
            page: PageContext(request: req, titleKey: "account.title"),
            email: member.email,
            isVerified: member.emailVerifiedAt != nil,
            hasPassword: member.passwordHash != nil,
            signInMethods: identities.map { identity in
                // The same rule `IdentityQueries.unlink` applies.
                let isLastWayIn = member.passwordHash == nil && !usable.contains { $0.id != identity.id }
                return .init(
                    provider: IdentityQueries.providerName(identity.provider, providers: providers),
                    email: identity.email,
                    linkedOn: identity.createdAt.map { formatter.string(from: $0) } ?? "",
                    unlinkURL: isLastWayIn ? nil : identity.id.map { AccountsURL.accountIdentityUnlink(.value($0)).path }
                )
            },
            hasSignInMethods: !identities.isEmpty,
            linkableProviders: linkable,
            hasLinkableProviders: !linkable.isEmpty,
            identityError: submitted.identityError.map { req.t($0) },
            emailFields: [
                FormField(name: "newEmail", type: "email", label: "field.newEmail", value: values["newEmail"] ?? "", errors: messages, autocomplete: "email"),
                FormField(name: "emailPassword", type: "password", label: "field.currentPassword", errors: messages, autocomplete: "current-password"),
            ],
            passwordFields: [
                FormField(name: "currentPassword", type: "password", label: "field.currentPassword", errors: messages, autocomplete: "current-password"),
                FormField(name: "newPassword", type: "password", label: "field.newPassword", hint: "field.password.hint", errors: messages, autocomplete: "new-password"),
            ],
            languageFields: [
                FormField(name: "locale", type: "select", label: "field.locale", value: values["locale"] ?? member.locale, errors: messages,
                          options: AppLocale.allCases.map { ($0.rawValue, $0.nativeName) }),
            ],
            timeZoneFields: [
                // `data-guess-time-zone`: with JavaScript on, a member still on the default is
                // offered the browser's zone (site.js); saving it stays the member's choice.
                FormField(name: "timeZone", label: "field.timeZone", hint: "field.timeZone.hint", value: values["timeZone"] ?? member.timeZone,
                          errors: messages, autocomplete: "off"),
            ],
            tokenFields: [
                FormField(name: "name", label: "field.tokenName", hint: "field.tokenName.hint", value: values["name"] ?? "", errors: messages),
            ],
            tokens: tokens.map { token in
                .init(
                    name: token.name,
                    created: token.createdAt.map { formatter.string(from: $0) } ?? "",
                    lastUsed: token.lastUsedAt.map { formatter.string(from: $0) },
                    revokeURL: AccountsURL.accountTokenRevoke(.value(token.id!)).path
                )
            },
            hasTokens: !tokens.isEmpty,
            newToken: submitted.newToken,
            otherSettings: req.application.accountLinks,
            urls: .init()
        )
        return try await req.view.render("accounts/settings", context)
    }

    /// Runs a form of the page; its field errors show the page again with them and what was typed.
    private func submitting(_ req: Request, keeping values: [String: String] = [:], _ action: () async throws -> Response) async throws -> Response {
        try await req.submitting(action, orShowForm: { errors in
            try await render(req, submitted: Submitted(values: values, errors: errors)).encodeResponse(for: req)
        })
    }

    struct EmailInput: Content {
        var newEmail: String?
        var emailPassword: String?
    }

    func changeEmail(req: Request) async throws -> Response {
        let member = try await req.currentMember()
        let input = try req.content.decode(EmailInput.self)
        return try await submitting(req, keeping: ["newEmail": input.newEmail ?? ""]) {
            try await req.accounts.requestEmailChange(member: member, newEmail: input.newEmail ?? "", password: input.emailPassword ?? "")
            return redirect(to: AccountsURL.account.path, flash: "flash.emailChangeSent", on: req)
        }
    }

    func confirmEmailPage(req: Request) async throws -> Response {
        try await MailLinkPages.confirm(req, purpose: .changeEmail, prefix: "confirmEmail", action: .confirmEmail)
    }

    func confirmEmail(req: Request) async throws -> Response {
        let input = try req.content.decode(AccountsController.TokenInput.self)
        guard try await req.accounts.confirmEmailChange(token: input.token ?? "") else {
            return try await MailLinkPages.refused(req, prefix: "confirmEmail")
        }
        return redirect(to: req.principal == nil ? AccountsURL.login.path : AccountsURL.account.path, flash: "flash.emailChanged", on: req)
    }

    struct PasswordInput: Content {
        var currentPassword: String?
        var newPassword: String?
    }

    func changePassword(req: Request) async throws -> Response {
        let member = try await req.currentMember()
        let input = try req.content.decode(PasswordInput.self)
        return try await submitting(req) {
            try await req.accounts.changePassword(
                member: member, current: input.currentPassword ?? "", new: input.newPassword ?? "", keeping: req.principal?.sessionID)
            let response = redirect(to: AccountsURL.account.path, flash: "flash.passwordChanged", on: req)
            // Every device cookie made before names the old password; this browser gets a new one.
            try await response.rememberDevice(of: member, on: req)
            return response
        }
    }

    struct LanguageInput: Content {
        var locale: String?
    }

    func changeLanguage(req: Request) async throws -> Response {
        let member = try await req.currentMember()
        let input = try req.content.decode(LanguageInput.self)
        return try await submitting(req, keeping: ["locale": input.locale ?? ""]) {
            let locale = try await req.accounts.changeLanguage(member: member, to: input.locale ?? "")
            let response = redirect(to: AccountsURL.account.path, flash: "flash.languageChanged", on: req)
            // The cookie outranks the member's setting, so it follows the new choice.
            response.cookies[LocaleNegotiation.cookieName] = HTTPCookies.Value(
                string: locale.rawValue, maxAge: LanguageController.cookieLifetime, path: "/",
                isSecure: req.application.appConfiguration.isSecure, isHTTPOnly: true, sameSite: .lax
            )
            return response
        }
    }

    struct TimeZoneInput: Content {
        var timeZone: String?
    }

    func changeTimeZone(req: Request) async throws -> Response {
        let member = try await req.currentMember()
        let input = try req.content.decode(TimeZoneInput.self)
        return try await submitting(req, keeping: ["timeZone": input.timeZone ?? ""]) {
            try await req.accounts.changeTimeZone(member: member, to: input.timeZone ?? "")
            return redirect(to: AccountsURL.account.path, flash: "flash.timeZoneChanged", on: req)
        }
    }

    func signOutEverywhere(req: Request) async throws -> Response {
        let principal = try req.require()
        try await req.accounts.signOutEverywhere(principal.memberID)
        req.principal = nil
        let response = redirect(to: AccountsURL.login.path, flash: "flash.signedOutEverywhere", on: req)
        response.clearSessionCookie(on: req)
        return response
    }

    struct TokenNameInput: Content {
        var name: String?
    }

    func createToken(req: Request) async throws -> Response {
        let principal = try req.require()
        let input = try req.content.decode(TokenNameInput.self)
        return try await submitting(req, keeping: ["name": input.name ?? ""]) {
            let created = try await APITokenQueries.create(name: input.name ?? "", for: principal, on: req.db)
            // Shown once, on this response only; never stored in clear.
            return try await render(req, submitted: Submitted(newToken: created.secret)).encodeResponse(status: .created, for: req)
        }
    }

    func revokeToken(req: Request) async throws -> Response {
        let principal = try req.require()
        guard let id = req.parameters.get(AccountsURL.Key.token, as: UUID.self),
              try await APITokenQueries.revoke(id, for: principal, live: req.application.livePublisher, on: req.db)
        else { throw Abort(.notFound) }
        return redirect(to: AccountsURL.account.path, flash: "flash.tokenRevoked", on: req)
    }

    func unlinkIdentity(req: Request) async throws -> Response {
        let principal = try req.require()
        guard let id = req.parameters.get(AccountsURL.Key.identity, as: UUID.self) else { throw Abort(.notFound) }
        do {
            guard try await IdentityQueries.unlink(id, for: principal, providersOn: req.application.signInProviders.map(\.id), on: req.db) else {
                throw Abort(.notFound)
            }
        } catch is IdentityQueries.LastSignInMethod {
            return try await render(req, submitted: Submitted(identityError: "account.identities.lastMethod")).encodeResponse(status: .conflict, for: req)
        }
        return redirect(to: AccountsURL.account.path, flash: "flash.identityUnlinked", on: req)
    }

    /// A member without a password gets one through a mail link, which proves the address: a
    /// borrowed session alone cannot give an account a password.
    func sendPasswordLink(req: Request) async throws -> Response {
        let member = try await req.currentMember()
        try await req.accounts.requestPasswordReset(email: member.email, from: req.clientOrigin)
        return redirect(to: AccountsURL.account.path, flash: "flash.passwordLinkSent", on: req)
    }
}
