import Foundation
import Vapor

/// `/me/profile`: the edit form, the photo form and the completeness indicator.
struct ProfileFormPage: Encodable {
    /// A group of checkboxes (skills of one sector, topics).
    struct CheckboxGroup: Encodable {
        let label: String
        let options: [Choice]
    }

    struct Choice: Encodable {
        let id: String
        let value: String
        let label: String
        let checked: Bool
    }

    /// A set of inputs that answer one question (origins, languages, skills, links…): a
    /// fieldset whose legend and error describe all of them.
    struct FieldSet: Encodable {
        let name: String
        let legend: String
        let hint: String?
        let error: String?
        let describedBy: String?
        let fields: [FormField]
        let groups: [CheckboxGroup]

        init(name: String, legend: String, hint: String?, errors: [String: String], fields: [FormField] = [], groups: [CheckboxGroup] = []) {
            self.name = name
            self.legend = legend
            self.hint = hint
            self.error = errors[name]
            let ids = [hint.map { _ in "f-\(name)-hint" }, errors[name].map { _ in "f-\(name)-error" }].compactMap { $0 }
            self.describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
            self.fields = fields
            self.groups = groups
        }
    }

    struct Completeness: Encodable {
        let percent: String
        let missing: [String]
        let isComplete: Bool
    }

    struct Photo: Encodable {
        let url: String?
        let error: String?
        let uploadURL = ProfilesURL.myPhoto.path
        let removeURL = ProfilesURL.myPhotoDelete.path
        let maxMegabytes = PhotoRejection.limits["megabytes"]
        let maxPixels = PhotoRejection.limits["pixels"]
    }

    let page: PageContext
    let completeness: Completeness
    let profileURL: String
    let action = ProfilesURL.myProfile.path
    let photo: Photo
    let basics: [FormField]
    /// Origins and languages: a few single selects each.
    let slotSets: [FieldSet]
    /// Skills (grouped by sector) and topics: checkboxes.
    let choiceSets: [FieldSet]
    let links: FieldSet
    let visibility: FieldSet
    let contact: [FormField]
    /// Shown while the member's address is unverified: others do not see the profile yet.
    let hiddenUntilVerified: Bool
}

/// `/members/{id}`: a profile as someone allowed to see it sees it.
struct ProfileShowPage: Encodable {
    struct Link: Encodable {
        let href: String
        let text: String
    }

    let page: PageContext
    let name: String
    let headline: String?
    let place: String?
    let photoURL: String?
    let origins: [String]
    let languages: [String]
    let expertise: [String]
    let interests: [String]
    let links: [Link]
    let bio: [LinkedText.Paragraph]
    let openToContact: Bool
    let isOwner: Bool
    /// For the owner: the catalog key saying who sees the profile.
    let visibilityNote: String?
    let editURL = ProfilesURL.myProfile.path
    let hasDetails: Bool
    /// What the signed-in member can do toward this one (other features' actions), for `partials/member-actions`.
    let card: MemberActionsCard
}

/// A member's name and the viewer's actions toward them, as `partials/member-actions` reads them.
struct MemberActionsCard: Encodable {
    let name: String
    let actions: [MemberAction]
}

extension ProfileFormPage {
    static let originSlots = ProfileLimits.origins.upperBound
    static let languageSlots = 5

    init(_ profile: ProfileDetails, request: Request, principal: Principal, errors: [String: String]) {
        let locale = request.appLocale
        let reference = request.referenceData
        let countries = [("", request.t("profile.choose"))] + reference.countries.sorted(for: locale).map { ($0.code, $0.label(locale)) }
        let languages = [("", request.t("profile.choose"))] + reference.languages.sorted(for: locale).map { ($0.code, $0.label(locale)) }
        func slots(_ name: String, _ values: [String], count: Int, options: [(String, String)]) -> [FormField] {
            (0..<max(count, values.count)).map { index in
                FormField(name: name, type: "select", label: "profile.\(name).slot\(min(index + 1, count))", value: index < values.count ? values[index] : "",
                          errors: errors, required: false, options: options.map { (value: $0.0, label: $0.1) }, id: "\(name)-\(index + 1)", showsError: false)
            }
        }
        func choices(_ name: String, _ entries: [ReferenceEntry], selected: [String]) -> [Choice] {
            let chosen = Set(selected)
            return entries.map { Choice(id: "f-\(name)-\($0.code)", value: $0.code, label: $0.label(locale), checked: chosen.contains($0.code)) }
        }
        let skillGroups = reference.sectors.entries.map { sector in
            CheckboxGroup(label: sector.label(locale), options: choices("expertise", reference.skills.sorted(for: locale).filter { $0.group == sector.code }, selected: profile.codes.expertise))
        }
        let missing = profile.missingParts
        self.page = PageContext(request: request, titleKey: "profile.edit.title")
        self.completeness = Completeness(percent: String(profile.completeness), missing: missing.map { "profile.part.\($0.rawValue)" }, isComplete: missing.isEmpty)
        self.profileURL = ProfilesURL.member(.value(profile.memberID)).path
        self.photo = Photo(url: profile.photoURL, error: errors["photo"])
        self.basics = [
            FormField(name: "displayName", label: "field.displayName", value: profile.displayName, errors: errors, autocomplete: "name"),
            FormField(name: "headline", label: "profile.field.headline", hint: "profile.field.headline.hint", value: profile.headline, errors: errors, required: false),
            FormField(name: "city", label: "profile.field.city", value: profile.city, errors: errors, autocomplete: "address-level2", required: false),
            FormField(name: "countryOfResidence", type: "select", label: "profile.field.residence", value: profile.codes.residence ?? "", errors: errors,
                      required: false, options: countries.map { (value: $0.0, label: $0.1) }),
            FormField(name: "bio", type: "textarea", label: "profile.field.bio", hint: "profile.field.bio.hint", value: profile.bio, errors: errors, required: false),
        ]
        self.slotSets = [
            FieldSet(name: "countriesOfOrigin", legend: "profile.field.origins", hint: "profile.field.origins.hint", errors: errors,
                     fields: slots("countriesOfOrigin", profile.codes.origins, count: Self.originSlots, options: countries)),
            FieldSet(name: "languages", legend: "profile.field.languages", hint: nil, errors: errors,
                     fields: slots("languages", profile.codes.languages, count: Self.languageSlots, options: languages)),
        ]
        self.choiceSets = [
            FieldSet(name: "expertise", legend: "profile.field.expertise", hint: "profile.field.expertise.hint", errors: errors, groups: skillGroups),
            FieldSet(name: "interests", legend: "profile.field.interests", hint: nil, errors: errors,
                     groups: [CheckboxGroup(label: "", options: choices("interests", reference.topics.entries, selected: profile.codes.interests))]),
        ]
        let links = profile.links + Array(repeating: "", count: max(0, ProfileLimits.links - profile.links.count))
        self.links = FieldSet(name: "links", legend: "profile.field.links", hint: "profile.field.links.hint", errors: errors,
                              fields: links.enumerated().map { index, link in
                                  FormField(name: "links", type: "url", label: "profile.links.slot\(min(index + 1, ProfileLimits.links))", value: link,
                                            errors: errors, required: false, id: "links-\(index + 1)", showsError: false)
                              })
        self.visibility = FieldSet(name: "visibility", legend: "profile.field.visibility", hint: nil, errors: errors, groups: [
            CheckboxGroup(label: "", options: ProfileVisibility.allCases.map {
                Choice(id: "f-visibility-\($0.rawValue)", value: $0.rawValue, label: "profile.visibility.\($0.rawValue)", checked: profile.visibility == $0)
            }),
        ])
        self.contact = [FormField(name: "openToContact", type: "checkbox", label: "profile.field.openToContact", errors: errors, required: false, checked: profile.openToContact)]
        self.hiddenUntilVerified = !principal.isEmailVerified
    }
}

extension ProfileShowPage {
    init(_ profile: ProfileDetails, request: Request, actions: [MemberAction] = []) {
        let locale = request.appLocale
        let reference = request.referenceData
        let isOwner = request.principal?.memberID == profile.memberID
        let residence = profile.codes.residence.map { reference.countries.label($0, locale) }
        let place = [profile.city.isEmpty ? nil : profile.city, residence].compactMap { $0 }.joined(separator: ", ")
        self.page = PageContext(request: request, titleKey: "profile.show.title")
        self.name = profile.displayName
        self.headline = profile.headline.isEmpty ? nil : profile.headline
        self.place = place.isEmpty ? nil : place
        self.photoURL = profile.photoURL
        self.origins = profile.codes.origins.map { reference.countries.label($0, locale) }
        self.languages = profile.codes.languages.map { reference.languages.label($0, locale) }
        self.expertise = profile.codes.expertise.map { reference.skills.label($0, locale) }
        self.interests = profile.codes.interests.map { reference.topics.label($0, locale) }
        self.links = profile.links.map { Link(href: $0, text: WebLink.displayText($0)) }
        self.bio = LinkedText.paragraphs(profile.bio)
        self.openToContact = profile.openToContact
        self.isOwner = isOwner
        self.visibilityNote = isOwner ? "profile.show.visibility.\(profile.visibility.rawValue)" : nil
        self.hasDetails = !(origins.isEmpty && languages.isEmpty && expertise.isEmpty && interests.isEmpty && links.isEmpty)
        self.card = MemberActionsCard(name: profile.displayName, actions: actions)
    }
}
