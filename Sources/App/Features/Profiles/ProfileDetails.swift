import Foundation

/// Everything a profile page, the edit form and the API show about a member; built by
/// `ProfileQueries`, never handed to a view as a model.
struct ProfileDetails: Sendable, Equatable {
    let memberID: UUID
    var displayName: String
    var headline: String = ""
    var bio: String = ""
    var city: String = ""
    var codes = ProfileCodes()
    var links: [String] = []
    var visibility: ProfileVisibility = .members
    var openToContact: Bool = false
    var photoHash: String?
    /// Whether the member has saved a profile at all.
    var exists: Bool = false

    var photoURL: String? { photoHash.map(MediaStore.path(for:)) }

    /// The profile saved in `row`.
    init(memberID: UUID, displayName: String, row: MemberProfile, codes: ProfileCodes) {
        self.init(memberID: memberID, displayName: displayName)
        exists = true
        headline = row.headline
        bio = row.bio
        city = row.city
        links = row.links
        visibility = row.visibility
        openToContact = row.openToContact
        photoHash = row.photoHash
        self.codes = codes
    }

    init(memberID: UUID, displayName: String) {
        self.memberID = memberID
        self.displayName = displayName
    }

    /// The parts a complete profile has, for the completeness indicator (links are optional).
    enum Part: String, CaseIterable, Sendable {
        case photo, headline, bio, city, countryOfResidence, countriesOfOrigin, languages, expertise, interests
    }

    var missingParts: [Part] {
        Part.allCases.filter { part in
            switch part {
            case .photo: photoHash == nil
            case .headline: headline.isEmpty
            case .bio: bio.isEmpty
            case .city: city.isEmpty
            case .countryOfResidence: codes.residence == nil
            case .countriesOfOrigin: codes.origins.isEmpty
            case .languages: codes.languages.isEmpty
            case .expertise: codes.expertise.isEmpty
            case .interests: codes.interests.isEmpty
            }
        }
    }

    /// Percentage of `Part`s filled in.
    var completeness: Int {
        let total = Part.allCases.count
        return (total - missingParts.count) * 100 / total
    }
}
