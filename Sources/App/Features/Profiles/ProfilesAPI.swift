import Vapor

/// The profile part of the JSON API: `/api/v1/me/profile`, `/api/v1/me/photo`,
/// `/api/v1/members/{id}`. Codes travel as codes; labels come from `/api/v1/reference/*`.
struct ProfilesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let v1 = routes.api()
        v1.get("me", "profile", use: ownProfile)
        v1.on(.PATCH, ["me", "profile"], accepting: .json(maxBytes: ProfilesController.profileForm.maxBytes), use: updateProfile)
        v1.on(.PUT, ["me", "photo"], accepting: .bytes([.init(type: "image", subType: "*"), .init(type: "application", subType: "octet-stream")], maxBytes: ImageInspector.maximumUploadByteCount), use: putPhoto)
        v1.on(.DELETE, ["me", "photo"], accepting: .nothing, use: deletePhoto)
        v1.get("members", ":id", use: memberProfile)
    }

    /// A profile as the API shows it. `visibility` and `openToContact` are shown to everyone who
    /// may see the profile (they say how to approach the member); email never is.
    struct ProfileBody: Content {
        let id: UUID
        let displayName: String
        let headline: String
        let bio: String
        let city: String
        let countryOfResidence: String?
        let countriesOfOrigin: [String]
        let languages: [String]
        let expertise: [String]
        let interests: [String]
        let links: [String]
        let visibility: ProfileVisibility
        let openToContact: Bool
        let photoURL: String?

        init(_ profile: ProfileDetails) {
            id = profile.memberID
            displayName = profile.displayName
            headline = profile.headline
            bio = profile.bio
            city = profile.city
            countryOfResidence = profile.codes.residence
            countriesOfOrigin = profile.codes.origins
            languages = profile.codes.languages
            expertise = profile.codes.expertise
            interests = profile.codes.interests
            links = profile.links
            visibility = profile.visibility
            openToContact = profile.openToContact
            photoURL = profile.photoURL
        }
    }

    func ownProfile(req: Request) async throws -> ProfileBody {
        ProfileBody(try await ProfileQueries.own(req.require(), on: req.db))
    }

    func updateProfile(req: Request) async throws -> ProfileBody {
        let principal = try req.require()
        let input = try req.content.decode(ProfileInput.self)
        return ProfileBody(try await req.profiles.update(input, for: principal))
    }

    func putPhoto(req: Request) async throws -> ProfileBody {
        let principal = try req.require()
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        return ProfileBody(try await req.profiles.setPhoto(bytes, for: principal))
    }

    func deletePhoto(req: Request) async throws -> Response {
        try await req.profiles.removePhoto(for: req.require())
        return Response(status: .noContent)
    }

    func memberProfile(req: Request) async throws -> ProfileBody {
        guard let id = req.parameters.get("id", as: UUID.self),
              let profile = try await ProfileQueries.visible(id, to: req.principal, by: req.audiencePolicy, on: req.db)
        else { throw Abort(.notFound) }
        return ProfileBody(profile)
    }
}
