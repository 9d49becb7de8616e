import Fluent
import Vapor

/// `/auth/{provider}/start`, `/auth/{provider}/callback` and the newcomer's `/auth/confirm`.
struct ProviderSignInController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let routes = routes.withoutServerTiming()
        routes.get(ProviderSignInURL.providerStart(.key).pathComponents, use: start)
        routes.post(ProviderSignInURL.providerStart(.key).pathComponents, accepting: .form(), use: start)
        routes.get(ProviderSignInURL.providerCallback(.key).pathComponents, use: callback)
        routes.get(ProviderSignInURL.providerConfirm.pathComponents, use: confirmForm)
        routes.post(ProviderSignInURL.providerConfirm.pathComponents, accepting: .form(), use: confirm)
    }

    private func provider(_ req: Request) throws -> SignInProvider {
        guard let provider = req.signInProvider(named: req.parameters.get(ProviderSignInURL.Key.provider)) else { throw Abort(.notFound) }
        return provider
    }

    /// Signed out: a plain link (the sign-in and join pages). Signed in, it links a method to the
    /// account, so it must come from the account page's form (POST, CSRF-checked): a link on
    /// another site must not start linking on its own.
    func start(req: Request) async throws -> Response {
        let provider = try provider(req)
        if req.principal != nil, req.method == .GET { return redirect(to: AccountsURL.account.path, on: req) }
        if req.method == .GET, let canonical = canonicalStart(req, provider) { return canonical }
        let returnTo = LanguageController.safeReturnPath(req.query[String.self, at: "return"])
        do {
            let trip = try await req.providerSignIn.start(provider, returnTo: returnTo, sessionID: req.principal?.sessionID, from: req.clientOrigin)
            let response = Response(status: .found)
            response.headers.replaceOrAdd(name: .location, value: trip.authorizationURL)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            response.setSignInBinding(trip.binding, on: req)
            return response
        } catch let failure as ProviderSignInFailure {
            req.logger.notice("Provider sign-in could not start", metadata: ["provider": .string(provider.id.rawValue), "reason": .string(failure.reason)])
            return try await refused(req, provider, .unreachable)
        }
    }

    /// The provider sends the browser back to `PUBLIC_URL`; a trip started on another name for the
    /// site (`localhost` for `127.0.0.1`) would carry its binding cookie to the wrong host and be
    /// refused. Such a start goes round by `PUBLIC_URL` first, once (`canonical=1` stops a loop
    /// behind a proxy that rewrites the host).
    private func canonicalStart(_ req: Request, _ provider: SignInProvider) -> Response? {
        let publicURL = req.application.appConfiguration.publicURL
        guard let host = req.headers.first(name: .host)?.lowercased(), let publicHost = publicURL.host?.lowercased(),
              req.query[String.self, at: "canonical"] == nil
        else { return nil }
        let publicAuthority = publicURL.port.map { "\(publicHost):\($0)" } ?? publicHost
        guard host != publicAuthority, host != publicHost else { return nil }
        var items = [("canonical", "1")]
        if let returnTo = req.query[String.self, at: "return"] { items.append(("return", LanguageController.safeReturnPath(returnTo))) }
        let response = Response(status: .found)
        response.headers.replaceOrAdd(name: .location, value: SignInProviderClient.appending(
            items, to: publicURL.absoluteString + ProviderSignInURL.providerStart(.value(provider.id.rawValue)).path
        ))
        return response
    }

    func callback(req: Request) async throws -> Response {
        let provider = try provider(req)
        let query = try req.query.decode(ProviderSignInService.CallbackQuery.self)
        let response: Response
        switch try await req.providerSignIn.finish(provider, query: query, binding: req.signInBinding, principal: req.principal) {
        case .signedIn(let member, let returnTo):
            let session = try await req.startSession(for: member)
            response = redirect(to: returnTo, flash: "flash.signedIn", on: req)
            response.setSessionCookie(session.token, on: req)
        case .linked:
            response = redirect(to: AccountsURL.account.path, flash: "flash.identityLinked", on: req)
        case .alreadyLinked:
            response = redirect(to: AccountsURL.account.path, flash: "flash.identityAlreadyLinked", on: req)
        case .confirm:
            // The binding stays: the confirmation page finds the newcomer by it.
            return redirect(to: ProviderSignInURL.providerConfirm.path, on: req)
        case .refused(let refusal):
            response = try await refused(req, provider, refusal)
        }
        response.clearSignInBinding(on: req)
        return response
    }

    private func refused(_ req: Request, _ provider: SignInProvider, _ refusal: ProviderSignInService.Refusal) async throws -> Response {
        let status: HTTPResponseStatus = switch refusal {
        case .unreachable: .badGateway
        case .suspended: .forbidden
        case .linkedElsewhere: .conflict
        case .state, .cancelled, .providerError, .verification: .badRequest
        }
        let signedIn = req.principal != nil
        let context = ProviderRefusalPage(
            page: PageContext(request: req, titleKey: "providerSignIn.refused.title"),
            provider: provider.name,
            message: "providerSignIn.refused.\(refusal.rawValue)",
            tryAgainURL: refusal == .suspended ? nil : ProviderSignInURL.providerStart(.value(provider.id.rawValue)).path,
            links: signedIn
                ? [.init(href: AccountsURL.account.path, label: "providerSignIn.backToAccount")]
                : [.init(href: AccountsURL.login.path, label: "providerSignIn.signInWithEmail"), .init(href: AccountsURL.join.path, label: "login.noAccount")]
        )
        return try await req.view.render("providers/refused", context).encodeResponse(status: status, for: req)
    }

    // MARK: - Newcomers

    struct ConfirmInput: Content {
        var displayName: String?
        var email: String?
        var usePhoto: String?
        var consent: String?
    }

    func confirmForm(req: Request) async throws -> Response {
        if req.principal != nil { return redirect(to: AccountsURL.account.path, on: req) }
        let service = req.providerSignIn
        guard let pending = try await service.pendingSignUp(binding: req.signInBinding) else { return try await nothingToConfirm(req) }
        let taken = try await service.addressBelongsToAccount(pending)
        let input = ConfirmInput(displayName: pending.displayName, email: taken ? "" : pending.email, usePhoto: pending.pictureURL == nil ? nil : "1")
        return try await renderConfirm(req, pending: pending, input: input, errors: FormErrors(), addressTaken: taken, status: .ok)
    }

    func confirm(req: Request) async throws -> Response {
        if req.principal != nil { return redirect(to: AccountsURL.account.path, on: req) }
        let service = req.providerSignIn
        guard let pending = try await service.pendingSignUp(binding: req.signInBinding) else { return try await nothingToConfirm(req) }
        let input = try req.content.decode(ConfirmInput.self)
        return try await req.submitting({
            let member: Member
            do {
                // The registration every way in goes through: its limit per client, its field rules.
                member = try await service.confirm(
                    pending, displayName: input.displayName ?? "", email: input.email ?? "", consented: input.consent == "1",
                    locale: req.appLocale, from: req.clientOrigin)
            } catch is IdentityTaken {
                // Confirmed twice at once, or joined from another browser meanwhile: it signs in now.
                let response = redirect(to: AccountsURL.login.path, flash: "flash.identityAlreadyJoined", on: req)
                response.clearSignInBinding(on: req)
                return response
            }
            return try await welcome(req, member, pending: pending, usePhoto: input.usePhoto == "1")
        }, orShowForm: { errors in
            try await renderConfirm(req, pending: pending, input: input, errors: errors,
                                    addressTaken: errors.has("email", ProviderSignInService.emailTakenKey), status: .unprocessableEntity)
        })
    }

    /// The newcomer's first session, with the provider's photo if they asked for it.
    private func welcome(_ req: Request, _ member: Member, pending: PendingProviderSignUp, usePhoto: Bool) async throws -> Response {
        let session = try await req.startSession(for: member)
        var flash = member.emailVerifiedAt == nil ? "flash.joined" : "flash.joinedVerified"
        if usePhoto, let url = pending.pictureURL, let principal = req.principal {
            let adopted = if let provider = req.signInProvider(named: pending.provider) {
                await ProviderPhoto.adopt(url, from: provider, for: principal, on: req)
            } else {
                false
            }
            if !adopted { flash = "flash.joinedPhotoFailed" }
        }
        let response = redirect(to: pending.returnTo, flash: flash, on: req)
        response.setSessionCookie(session.token, on: req)
        response.clearSignInBinding(on: req)
        return response
    }

    private func renderConfirm(_ req: Request, pending: PendingProviderSignUp, input: ConfirmInput, errors: FormErrors, addressTaken: Bool, status: HTTPResponseStatus) async throws -> Response {
        let messages = errors.messages(for: req)
        let providerName = IdentityQueries.providerName(pending.provider, providers: req.application.signInProviders)
        var fields = [
            FormField(name: "displayName", label: "field.displayName", hint: "field.displayName.hint", value: input.displayName ?? "", errors: messages, autocomplete: "name"),
            FormField(name: "email", type: "email", label: "field.email",
                      hint: pending.emailVerified ? "providerSignIn.confirm.emailVouched" : "providerSignIn.confirm.emailToVerify",
                      value: input.email ?? "", errors: messages, autocomplete: "email"),
        ]
        if pending.pictureURL != nil {
            fields.append(FormField(name: "usePhoto", type: "checkbox", label: "providerSignIn.confirm.usePhoto", errors: messages, required: false, checked: input.usePhoto == "1"))
        }
        fields.append(FormField(name: "consent", type: "checkbox", label: "join.consent", errors: messages, checked: input.consent == "1"))
        let context = ProviderConfirmPage(
            page: PageContext(request: req, titleKey: "providerSignIn.confirm.title"),
            provider: providerName,
            action: ProviderSignInURL.providerConfirm.path,
            fields: fields,
            addressTaken: addressTaken,
            signInToLinkURL: AccountsURL.login.path + "?return=" + AccountsURL.account.path,
            links: [
                .init(href: PrivacyURL.terms.path, label: "legal.terms.title"),
                .init(href: PrivacyURL.privacy.path, label: "legal.privacy.title"),
            ]
        )
        return try await req.view.render("providers/confirm", context).encodeResponse(status: status, for: req)
    }

    private func nothingToConfirm(_ req: Request) async throws -> Response {
        try await req.view.render("accounts/message", AccountMessagePage(
            page: PageContext(request: req, titleKey: "providerSignIn.confirm.title"),
            heading: "providerSignIn.confirm.title", message: "providerSignIn.confirm.nothing", action: nil,
            link: .init(href: AccountsURL.login.path, label: "providerSignIn.signInWithEmail")
        )).encodeResponse(status: .badRequest, for: req)
    }
}
