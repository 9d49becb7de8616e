import Fluent
import Foundation
import SQLKit
import Vapor

/// Saves profiles and photos: the profile row, its coded values and its search document change
/// together in one transaction, so the directory never shows a half-saved profile. It takes the
/// database, the clock and the reference lists, never a request (pages, the API and provider
/// sign-in use the same one); field problems are thrown as `FormErrors`.
struct ProfileService: Sendable {
    let database: any Database
    let clock: any SiteClock
    let reference: ReferenceData

    var validator: ProfileValidator {
        ProfileValidator(reference: reference) { name, errors in AccountService.checkDisplayName(name, into: &errors) }
    }

    /// Applies the changes to the member's profile and returns the saved profile.
    /// Throws `FormErrors` for what the validator refuses.
    func update(_ input: ProfileInput, for principal: Principal) async throws -> ProfileDetails {
        let current = try await ProfileQueries.own(principal, on: database)
        let updated = try validator.apply(input, to: current)
        try await Self.save(updated, on: database, reference: reference, now: clock.now)
        return updated
    }

    /// Writes a whole profile (its member's name and activity time too) in one transaction.
    static func save(_ profile: ProfileDetails, on database: any Database, reference: ReferenceData, now: Date) async throws {
        try await database.writeTransaction { db in
            try await Member.query(on: db).filter(\.$id == profile.memberID)
                .set(\.$displayName, to: profile.displayName).set(\.$lastActiveAt, to: now).update()
            let row = try await MemberProfile.find(profile.memberID, on: db) ?? MemberProfile(memberID: profile.memberID)
            row.headline = profile.headline
            row.bio = profile.bio
            row.city = profile.city
            row.visibility = profile.visibility
            row.openToContact = profile.openToContact
            row.links = profile.links
            row.photoHash = profile.photoHash
            try await row.save(on: db)
            try await ProfileTags.replace(profile.codes, for: profile.memberID, on: db as! any SQLDatabase)
            try await FullTextSearch.upsert(
                documentID: ProfileSearchDocument.documentID(profile.memberID),
                document: ProfileSearchDocument.document(of: profile, reference: reference), in: ProfileSearchDocument.index, on: db)
        }
    }

    /// Checks the image, stores it and makes it the member's photo; the previous photo's bytes
    /// go when no one else shows them. Throws `FormErrors` (field `photo`) when the bytes are
    /// not an acceptable image.
    func setPhoto(_ bytes: [UInt8], for principal: Principal) async throws -> ProfileDetails {
        let image: InspectedImage
        do { image = try ImageInspector.inspect(bytes) } catch { throw PhotoRejection(error).formErrors }
        let reference = self.reference, now = clock.now
        return try await database.writeTransaction { db in
            var profile = try await ProfileQueries.own(principal, on: db)
            let previous = profile.photoHash
            profile.photoHash = try await MediaStore.store(image, on: db)
            try await Self.save(profile, on: db, reference: reference, now: now)
            try await Self.release(previous, keeping: profile.photoHash, on: db)
            return profile
        }
    }

    func removePhoto(for principal: Principal) async throws {
        let reference = self.reference, now = clock.now
        try await database.writeTransaction { db in
            var profile = try await ProfileQueries.own(principal, on: db)
            guard let previous = profile.photoHash else { return }
            profile.photoHash = nil
            try await Self.save(profile, on: db, reference: reference, now: now)
            try await Self.release(previous, keeping: nil, on: db)
        }
    }

    /// Deletes the bytes of `hash` unless a profile still shows them.
    private static func release(_ hash: String?, keeping current: String?, on database: any Database) async throws {
        guard let hash, hash != current else { return }
        let stillUsed = try await MemberProfile.query(on: database).filter(\.$photoHash == hash).count() > 0
        if !stillUsed { try await MediaStore.delete(hash, on: database) }
    }
}

/// Why a photo was not taken, as the field error the form and the API show.
struct PhotoRejection {
    let rejection: ImageRejection

    init(_ rejection: ImageRejection) { self.rejection = rejection }

    /// The limits a photo must keep, under the names the messages and the form's hint use.
    static let limits = [
        "megabytes": String(ImageInspector.maximumByteCount / 1_048_576),
        "pixels": String(ImageInspector.maximumDimension),
    ]

    /// The catalog key of the message.
    var messageKey: String {
        switch rejection {
        case .empty: "photo.error.empty"
        case .tooLarge: "photo.error.tooLarge"
        case .unsupportedType: "photo.error.type"
        case .malformed, .noDimensions: "photo.error.malformed"
        case .dimensionsTooLarge: "photo.error.dimensions"
        }
    }

    var formErrors: FormErrors {
        var errors = FormErrors()
        errors.add("photo", messageKey, Self.limits)
        return errors
    }
}

extension Application {
    /// Profiles for commands, jobs and features that write profiles without a request.
    var profiles: ProfileService { ProfileService(database: db, clock: clock, reference: referenceData) }
}

extension Request {
    var profiles: ProfileService { ProfileService(database: db, clock: application.clock, reference: referenceData) }
}
