import Vapor

/// Changes to a profile, as the API's PATCH body and (converted) the edit form send them:
/// a field left out keeps its value; an empty string clears a text or the residence.
struct ProfileInput: Content {
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
    var openToContact: Bool?

    enum CodingKeys: String, CodingKey {
        case displayName, headline, bio, city, countryOfResidence, countriesOfOrigin, languages, expertise, interests, links, visibility, openToContact
    }

    init(
        displayName: String? = nil, headline: String? = nil, bio: String? = nil, city: String? = nil, countryOfResidence: String? = nil,
        countriesOfOrigin: [String]? = nil, languages: [String]? = nil, expertise: [String]? = nil, interests: [String]? = nil,
        links: [String]? = nil, visibility: String? = nil, openToContact: Bool? = nil
    ) {
        self.displayName = displayName
        self.headline = headline
        self.bio = bio
        self.city = city
        self.countryOfResidence = countryOfResidence
        self.countriesOfOrigin = countriesOfOrigin
        self.languages = languages
        self.expertise = expertise
        self.interests = interests
        self.links = links
        self.visibility = visibility
        self.openToContact = openToContact
    }

    /// A field left out is kept; a field sent as `null` is refused (400 naming it) rather than
    /// guessed to mean "keep" or "clear".
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys) throws -> T? {
            guard container.contains(key) else { return nil }
            if try container.decodeNil(forKey: key) {
                throw DecodingError.valueNotFound(T.self, .init(codingPath: container.codingPath + [key], debugDescription: "null"))
            }
            return try container.decode(T.self, forKey: key)
        }
        self.init(
            displayName: try value(.displayName), headline: try value(.headline), bio: try value(.bio), city: try value(.city),
            countryOfResidence: try value(.countryOfResidence), countriesOfOrigin: try value(.countriesOfOrigin),
            languages: try value(.languages), expertise: try value(.expertise), interests: try value(.interests),
            links: try value(.links), visibility: try value(.visibility), openToContact: try value(.openToContact)
        )
    }
}

/// The bounds of a profile, shared by validation, the form's hints and the OpenAPI document.
enum ProfileLimits {
    static let headline = 120
    static let bio = 2000
    static let city = 100
    static let origins = 1...5
    static let languages = 10
    static let expertise = 20
    static let interests = 17
    static let links = 5
    static let linkLength = 300
}

/// Applies a `ProfileInput` to a profile, or says what is wrong with each field.
struct ProfileValidator {
    let reference: ReferenceData
    let checkDisplayName: (String, inout FormErrors) -> Void

    func apply(_ input: ProfileInput, to current: ProfileDetails) throws(FormErrors) -> ProfileDetails {
        var errors = FormErrors()
        var profile = current
        if let name = input.displayName {
            checkDisplayName(name, &errors)
            profile.displayName = AccountService.keptDisplayName(name)
        }
        if let headline = input.headline { profile.headline = text(headline, field: "headline", max: ProfileLimits.headline, multiline: false, &errors) }
        if let bio = input.bio { profile.bio = text(bio, field: "bio", max: ProfileLimits.bio, multiline: true, &errors) }
        if let city = input.city { profile.city = text(city, field: "city", max: ProfileLimits.city, multiline: false, &errors) }
        if let code = input.countryOfResidence {
            if code.isEmpty {
                profile.codes.residence = nil
            } else if reference.countries.contains(code) {
                profile.codes.residence = code
            } else {
                errors.add("countryOfResidence", "profile.error.country")
            }
        }
        if let origins = input.countriesOfOrigin {
            profile.codes.origins = codes(origins, field: "countriesOfOrigin", in: reference.countries, max: ProfileLimits.origins.upperBound, &errors)
        }
        if profile.codes.origins.isEmpty && (input.countriesOfOrigin != nil || !current.exists) {
            errors.add("countriesOfOrigin", "profile.error.origin.missing")
        }
        if let languages = input.languages {
            profile.codes.languages = codes(languages, field: "languages", in: reference.languages, max: ProfileLimits.languages, &errors)
        }
        if let expertise = input.expertise {
            profile.codes.expertise = codes(expertise, field: "expertise", in: reference.skills, max: ProfileLimits.expertise, &errors)
        }
        if let interests = input.interests {
            profile.codes.interests = codes(interests, field: "interests", in: reference.topics, max: ProfileLimits.interests, &errors)
        }
        if let links = input.links { profile.links = self.links(links, &errors) }
        if let visibility = input.visibility {
            if let value = ProfileVisibility(rawValue: visibility) { profile.visibility = value } else { errors.add("visibility", "profile.error.visibility") }
        }
        if let open = input.openToContact { profile.openToContact = open }
        guard errors.isEmpty else { throw errors }
        profile.exists = true
        return profile
    }

    /// The text under the platform's one rule for typed text (line breaks allowed in multi-line fields).
    private func text(_ value: String, field: String, max: Int, multiline: Bool, _ errors: inout FormErrors) -> String {
        switch PlainTextRule(maxCharacters: max, allowsLineBreaks: multiline).check(value) {
        case .success(let kept):
            return kept
        case .failure(.tooLong):
            errors.add(field, "profile.error.tooLong", ["max": "\(max)"])
        case .failure(.characters):
            errors.add(field, "profile.error.characters")
        }
        return value
    }

    /// Distinct known codes (exactly as the reference lists spell them) in the member's order.
    private func codes(_ values: [String], field: String, in list: ReferenceList, max: Int, _ errors: inout FormErrors) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for code in values where seen.insert(code).inserted {
            guard list.contains(code) else {
                errors.add(field, "profile.error.code", ["code": PlainTextRule.visible(code, limit: 20)])
                continue
            }
            result.append(code)
        }
        // Counted as sent (repeats included), as the OpenAPI document's maxItems counts.
        if values.count > max { errors.add(field, "profile.error.tooMany", ["max": "\(max)"]) }
        return result
    }

    private func links(_ values: [String], _ errors: inout FormErrors) -> [String] {
        let links = values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if links.count > ProfileLimits.links { errors.add("links", "profile.error.tooMany", ["max": "\(ProfileLimits.links)"]) }
        for link in links where !Self.isWebLink(link) {
            errors.add("links", "profile.error.link", ["link": PlainTextRule.visible(link, limit: 60)])
        }
        return links
    }

    /// An absolute http(s) URL of bounded length that nothing disguises.
    static func isWebLink(_ text: String) -> Bool {
        WebLink.isAcceptable(text, maxLength: ProfileLimits.linkLength)
    }
}
