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

/// Who may see a profile, as its owner chose; what each choice means is `AudiencePolicy`'s rule
/// (`connections` is "my connections" once a feature provides the relation, until then no one else).
enum ProfileVisibility: String, Codable, Sendable, CaseIterable {
    case `public`, members, connections

    var audience: Audience {
        switch self {
        case .public: .everyone
        case .members: .members
        case .connections: .connections
        }
    }

    init?(audience: Audience) {
        guard let visibility = Self.allCases.first(where: { $0.audience == audience }) else { return nil }
        self = visibility
    }

    /// The visibilities listed to someone other than the owner in the directory.
    static func listed(to viewer: Principal?, by policy: AudiencePolicy) -> [ProfileVisibility] {
        policy.listed(to: viewer).compactMap(ProfileVisibility.init(audience:))
    }

    /// The same for a kind of viewer: the directory keeps counts per kind.
    static func listed(signedIn: Bool) -> [ProfileVisibility] {
        AudiencePolicy.listed(signedIn: signedIn).compactMap(ProfileVisibility.init(audience:))
    }
}

/// The kinds of coded values a profile holds; the raw values are the directory's query
/// parameter names.
enum ProfileTagKind: String, Codable, Sendable, CaseIterable {
    case origin, residence, language, skill, interest
}
