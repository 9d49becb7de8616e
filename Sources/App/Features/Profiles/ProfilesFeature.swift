import Fluent
import Vapor

/// Profiles: what members say about themselves, their photo, and the search document kept from it.
struct ProfilesFeature: Feature {
    func prepare(_ app: Application) throws {
        app.layoutLinks[.profile] = ProfilesURL.myProfile.path
        app.memberActivity.observers.append(ProfileSearchDocument.memberWasActive)
        // A photo is shown to whoever may see a profile that has it, and to no one once none has.
        app.registerMediaUse { hash, database in try await ProfileQueries.photoUses(hash, on: database) }
    }

    func migrations(_ app: Application) -> [any Migration] { [
        CreateMemberProfiles(),
        CreateProfileTags(),
        CreateMemberSearchIndex(),
        RebuildMemberSearchIndexWithKeywords(reference: app.referenceData),
        DropProfileTagsKindCodeIndex(),
    ] }

    func routes(_ app: Application) throws -> [any RouteCollection] {
        [ProfilesController(), ProfilesAPI()]
    }

    func apiDocument(_ app: Application) -> [APIDocumentPart] { [ProfilesAPIDocument.part, ProfilePhotoAPIDocument.part] }
}
