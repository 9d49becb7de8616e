import Fluent
import Foundation

/// Writes `DemoPopulation` members into the database in large batches (a million in minutes),
/// through the bulk writers Accounts and Profiles expose, each batch in one transaction.
/// Demo members have no password (no one can sign in as them) and addresses under
/// `example.invalid`, which can never receive mail.
struct DemoSeeder {
    static let batchSize = 500

    let database: any Database
    let reference: ReferenceData

    /// Thrown when this seed's members are already there (their addresses would collide).
    struct AlreadySeeded: Error, CustomStringConvertible {
        let seed: UInt64
        var description: String { "this database already holds the demo members of seed \(seed); choose another --seed" }
    }

    /// Adds `count` members generated from `seed`; `progress` gets the number written so far.
    func seed(members count: Int, seed: UInt64, now: Date = Date(), progress: (Int) -> Void = { _ in }) async throws {
        if try await MemberBulkInsert.exists(email: Self.email(seed: seed, index: 0), on: database) {
            throw AlreadySeeded(seed: seed)
        }
        var population = DemoPopulation(
            seed: seed, skillKeys: reference.skills.entries.map(\.code), topicKeys: reference.topics.entries.map(\.code))
        // Ids come from their own stream, so they too are the same for a given seed; their first
        // bytes count up (as in a UUIDv7), so every index keyed by member id grows at its end
        // instead of being written all over: a million inserts stay fast.
        var ids = DemoPopulation.SplitMix64(seed: seed ^ 0x6964_7300_0000_0000)
        let prefix = UInt32(truncatingIfNeeded: ids.next())
        var written = 0
        while written < count {
            let size = min(Self.batchSize, count - written)
            let batch = (0..<size).map { offset in
                (id: Self.uuid(&ids, prefix: prefix, counter: UInt32(written + offset)), index: written + offset, profile: population.next())
            }
            try await database.writeTransaction { db in
                try await write(batch, seed: seed, count: count, now: now, on: db)
            }
            written += size
            progress(written)
        }
    }

    private func write(_ batch: [(id: UUID, index: Int, profile: DemoProfile)], seed: UInt64, count: Int, now: Date, on db: any Database) async throws {
        try await MemberBulkInsert.insert(batch.map { member in
            // Written oldest first: the search index lists in the order documents arrive.
            let active = now.addingTimeInterval(-DemoPopulation.secondsSinceActive(rank: count - 1 - member.index, of: count))
            return MemberBulkInsert.Row(id: member.id, email: Self.email(seed: seed, index: member.index), displayName: member.profile.displayName,
                                        locale: Self.locale(of: member.profile), verifiedAt: now, lastActiveAt: active)
        }, on: db)
        try await ProfileBulkInsert.insert(batch.map { details($0.id, $0.profile) }, createdAt: now, reference: reference, on: db)
    }

    private func details(_ id: UUID, _ profile: DemoProfile) -> ProfileDetails {
        var details = ProfileDetails(memberID: id, displayName: profile.displayName)
        details.headline = profile.headline
        details.bio = profile.bio
        details.city = profile.city
        details.codes = Self.codes(of: profile)
        details.visibility = ProfileVisibility(rawValue: profile.visibility) ?? .connections
        details.openToContact = profile.openToContact
        return details
    }

    static func codes(of profile: DemoProfile) -> ProfileCodes {
        ProfileCodes(origins: profile.countriesOfOrigin, residence: profile.countryOfResidence, languages: profile.languages,
                     expertise: profile.expertise, interests: profile.interests)
    }

    static func email(seed: UInt64, index: Int) -> String { "demo.\(seed).\(index)@example.invalid" }

    /// The interface language a demo member would choose: the first of theirs the site speaks.
    static func locale(of profile: DemoProfile) -> AppLocale {
        profile.languages.lazy.compactMap(AppLocale.init(rawValue:)).first ?? .en
    }

    /// A UUID made of two bytes of the seed's prefix, four of the member's number (so ids of one
    /// seed sort in creation order) and the rest from the stream, marked as version 8 (custom).
    static func uuid(_ generator: inout DemoPopulation.SplitMix64, prefix: UInt32, counter: UInt32) -> UUID {
        let random = generator.next()
        let high = (UInt64(prefix & 0xFFFF) << 48) | (UInt64(counter) << 16) | (random & 0xFFFF), low = generator.next()
        var bytes = (0..<8).reversed().map { UInt8(truncatingIfNeeded: high >> (8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> (8 * $0)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
