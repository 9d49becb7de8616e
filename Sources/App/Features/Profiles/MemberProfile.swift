import Fluent
import Foundation

/// What a member tells others about themselves. One row per member who has saved a profile;
/// the coded lists (origins, residence, languages, skills, topics) live in `profile_tags` so the
/// directory can filter and count them with indexes.
final class MemberProfile: Model, @unchecked Sendable {
    static let schema = "member_profiles"

    // managed fields
    @ID(custom: "member_id", generatedBy: .user) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "headline") var headline: String
    @Field(key: "bio") var bio: String
    @Field(key: "city") var city: String
    @Field(key: "visibility") var visibility: ProfileVisibility
    @Field(key: "open_to_contact") var openToContact: Bool
    /// The `MediaStore` hash of the photo.
    @OptionalField(key: "photo_hash") var photoHash: String?
    /// Up to five http(s) links, as a JSON array.
    @Field(key: "links") var linksJSON: String

    init() {}

    init(memberID: UUID) {
        self.id = memberID
        self.headline = ""
        self.bio = ""
        self.city = ""
        self.visibility = .members
        self.openToContact = false
        self.linksJSON = "[]"
    }

    var links: [String] {
        get { Self.links(fromJSON: linksJSON) }
        set { linksJSON = String(decoding: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), as: UTF8.self) }
    }

    static func links(fromJSON json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}

/// Who may see a profile. Until connections exist, `connections` means "only me".
enum ProfileVisibility: String, Codable, Sendable, CaseIterable {
    case `public`, members, connections

    /// Whether `viewer` may see the profile of `owner`.
    func allows(_ viewer: Principal?, owner: UUID) -> Bool {
        if viewer?.memberID == owner { return true }
        switch self {
        case .public: return true
        case .members: return viewer != nil
        case .connections: return false
        }
    }

    /// The visibilities listed to someone other than the owner (the directory's filter).
    static func listed(to viewer: Principal?) -> [ProfileVisibility] {
        listed(signedIn: viewer != nil)
    }

    static func listed(signedIn: Bool) -> [ProfileVisibility] {
        signedIn ? [.public, .members] : [.public]
    }
}

/// The kinds of coded values a profile holds; the raw values are the directory's query
/// parameter names.
enum ProfileTagKind: String, Codable, Sendable, CaseIterable {
    case origin, residence, language, skill, interest
}
