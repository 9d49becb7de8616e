import Vapor

/// `/me/profile` (edit), `/me/photo` (upload, remove) and `/members/{id}` (show).
struct ProfilesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ProfilesURL.myProfile.pathComponents, use: edit)
        routes.post(ProfilesURL.myProfile.pathComponents, accepting: Self.profileForm, use: update)
        routes.post(ProfilesURL.myPhoto.pathComponents, accepting: .fileUpload(maxFileBytes: ImageInspector.maximumUploadByteCount), use: uploadPhoto)
        routes.post(ProfilesURL.myPhotoDelete.pathComponents, accepting: .form(), use: removePhoto)
        routes.get(ProfilesURL.member(.key).pathComponents, use: show)
    }

    /// The edit form: every area of expertise and topic can be ticked (about 120 fields in all),
    /// and the texts may be long in scripts of several bytes per character, percent-encoded.
    static let profileForm = AcceptedBody.form(maxBytes: 192 * 1024, maxFields: 256)

    /// The edit form as browsers post it: every field present, unchecked boxes absent.
    struct ProfileForm: Content {
        var displayName: String?
        var headline: String?
        var bio: String?
        var city: String?
        var countryOfResidence: String?
        var countriesOfOrigin: [String]?
        var languages: [String]?
        var expertise: [String]?
        var interests: [String]?
        var links: [String]?
        var visibility: String?
        var openToContact: String?

        /// Unused slots (an unchosen select, an empty link box) are not values.
        var input: ProfileInput {
            func chosen(_ values: [String]?) -> [String] { (values ?? []).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
            return ProfileInput(
                displayName: displayName ?? "", headline: headline ?? "", bio: bio ?? "", city: city ?? "",
                countryOfResidence: countryOfResidence ?? "", countriesOfOrigin: chosen(countriesOfOrigin),
                languages: chosen(languages), expertise: chosen(expertise), interests: chosen(interests), links: chosen(links),
                visibility: visibility ?? "", openToContact: openToContact != nil
            )
        }
    }

    func edit(req: Request) async throws -> View {
        let principal = try req.require()
        return try await render(req, ProfileQueries.own(principal, on: req.db), principal: principal)
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.require()
        let form = try req.content.decode(ProfileForm.self)
        return try await req.submitting({
            _ = try await req.profiles.update(form.input, for: principal)
            return redirect(to: ProfilesURL.myProfile.path, flash: "flash.profileSaved", on: req)
        }, orShowForm: { errors in
            // Show what was typed, even codes that were refused.
            var typed = try await ProfileQueries.own(principal, on: req.db)
            let input = form.input
            typed.displayName = input.displayName ?? ""
            typed.headline = input.headline ?? ""
            typed.bio = input.bio ?? ""
            typed.city = input.city ?? ""
            typed.codes = ProfileCodes(
                origins: input.countriesOfOrigin ?? [], residence: input.countryOfResidence,
                languages: input.languages ?? [], expertise: input.expertise ?? [], interests: input.interests ?? [])
            typed.links = input.links ?? []
            typed.visibility = ProfileVisibility(rawValue: input.visibility ?? "") ?? typed.visibility
            typed.openToContact = input.openToContact ?? false
            return try await render(req, typed, principal: principal, errors: errors).encodeResponse(for: req)
        })
    }

    func uploadPhoto(req: Request) async throws -> Response {
        let principal = try req.require()
        let bytes = req.multipartForm?.file("photo") ?? []
        return try await req.submitting({
            _ = try await req.profiles.setPhoto(bytes, for: principal)
            return redirect(to: ProfilesURL.myProfile.path, flash: "flash.photoSaved", on: req)
        }, orShowForm: { errors in
            try await render(req, ProfileQueries.own(principal, on: req.db), principal: principal, errors: errors).encodeResponse(for: req)
        })
    }

    func removePhoto(req: Request) async throws -> Response {
        try await req.profiles.removePhoto(for: req.require())
        return redirect(to: ProfilesURL.myProfile.path, flash: "flash.photoRemoved", on: req)
    }

    func show(req: Request) async throws -> View {
        guard let id = req.parameters.get(ProfilesURL.Key.member, as: UUID.self),
              let profile = try await ProfileQueries.visible(id, to: req.principal, by: req.audiencePolicy, on: req.db)
        else { throw Abort(.notFound) }
        let actions = try await req.memberActions(toward: [id])[id] ?? []
        return try await req.view.render("profiles/show", ProfileShowPage(profile, request: req, actions: actions))
    }

    private func render(_ req: Request, _ profile: ProfileDetails, principal: Principal, errors: FormErrors = FormErrors()) async throws -> View {
        try await req.view.render("profiles/form", ProfileFormPage(profile, request: req, principal: principal, errors: errors.messages(for: req)))
    }
}
