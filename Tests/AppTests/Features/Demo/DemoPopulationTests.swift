@testable import App
import Testing

@Suite("Demo population")
struct DemoPopulationTests {
    static let skills = [
        "nursing", "medicine", "public-health", "software-development", "data-science", "teaching", "civil-engineering",
        "agriculture", "finance", "accounting", "law", "entrepreneurship", "project-management", "marketing", "journalism",
        "translation", "logistics", "construction", "renewable-energy", "research", "architecture", "hospitality",
        "community-organizing", "graphic-design", "social-work", "pharmacy", "water-sanitation", "fundraising",
        "policy-advocacy", "mental-health",
    ]
    static let topics = [
        "education", "health", "climate", "investment", "remittances", "culture", "language-heritage", "youth",
        "women-entrepreneurship", "agriculture-food", "technology", "tourism", "human-rights", "trade",
        "research-cooperation", "sports", "return-migration",
    ]

    /// Generated once and shared, because several tests read the same large sample.
    static let sample = profiles(seed: 42, count: 20_000)

    static func profiles(seed: UInt64, count: Int, skills: [String] = skills, topics: [String] = topics) -> [DemoProfile] {
        var population = DemoPopulation(seed: seed, skillKeys: skills, topicKeys: topics)
        return (0..<count).map { _ in population.next() }
    }

    @Test func theSameSeedGivesTheSamePeople() {
        #expect(Self.profiles(seed: 7, count: 1_000) == Self.profiles(seed: 7, count: 1_000))
    }

    @Test func anotherSeedGivesOtherPeople() {
        let first = Self.profiles(seed: 7, count: 1_000)
        let second = Self.profiles(seed: 8, count: 1_000)
        #expect(first != second)
        #expect(zip(first, second).filter { $0 == $1 }.count < 10)
    }

    @Test func everyProfileKeepsTheInvariants() {
        for profile in Self.sample {
            #expect(Self.isCountryCode(profile.countryOfResidence), "\(profile)")
            #expect((1...2).contains(profile.countriesOfOrigin.count), "\(profile)")
            #expect(profile.countriesOfOrigin.allSatisfy(Self.isCountryCode), "\(profile)")
            #expect(!profile.countriesOfOrigin.contains(profile.countryOfResidence), "\(profile)")
            #expect(Self.isDistinct(profile.countriesOfOrigin), "\(profile)")
            #expect((1...4).contains(profile.languages.count), "\(profile)")
            #expect(profile.languages.allSatisfy(Self.isLanguageCode), "\(profile)")
            #expect(Self.isDistinct(profile.languages), "\(profile)")
            #expect((1...6).contains(profile.expertise.count), "\(profile)")
            #expect(profile.expertise.allSatisfy(Self.skills.contains), "\(profile)")
            #expect(Self.isDistinct(profile.expertise), "\(profile)")
            #expect((0...4).contains(profile.interests.count), "\(profile)")
            #expect(profile.interests.allSatisfy(Self.topics.contains), "\(profile)")
            #expect(Self.isDistinct(profile.interests), "\(profile)")
            #expect(!profile.displayName.isEmpty && !profile.city.isEmpty, "\(profile)")
            #expect(profile.headline.count <= 120 && profile.headline.contains(profile.city), "\(profile)")
            #expect(!profile.bio.isEmpty && profile.bio.count <= 600, "\(profile)")
            #expect(["public", "members", "connections"].contains(profile.visibility), "\(profile)")
        }
    }

    @Test func sharesFollowTheBrief() {
        let count = Double(Self.sample.count)
        func share(_ matches: (DemoProfile) -> Bool) -> Double { Double(Self.sample.filter(matches).count) / count }
        #expect(abs(share { $0.visibility == "public" } - 0.70) < 0.02)
        #expect(abs(share { $0.visibility == "members" } - 0.25) < 0.02)
        #expect(abs(share { $0.openToContact } - 0.60) < 0.02)
        #expect(abs(share { $0.countriesOfOrigin.count == 2 } - 0.10) < 0.015)
    }

    @Test func activityFollowsRankWithRecentActivityDominating() {
        let count = 10_000
        let ages = (0..<count).map { DemoPopulation.secondsSinceActive(rank: $0, of: count) }
        #expect(zip(ages, ages.dropFirst()).allSatisfy { $0 <= $1 }, "older with every rank")
        #expect(ages[0] == 0 && ages[count - 1] < 730 * 86_400)
        #expect(Double(ages.filter { $0 < 90 * 86_400 }.count) / Double(count) > 0.6)
        #expect(Double(ages.filter { $0 < 7 * 86_400 }.count) / Double(count) - 0.35 < 0.01)
    }

    @Test func bigCorridorsOccurInProportion() {
        var corridors: [String: Int] = [:]
        for profile in Self.sample {
            corridors["\(profile.countriesOfOrigin[0])→\(profile.countryOfResidence)", default: 0] += 1
        }
        let senegalFrance = corridors["SN→FR", default: 0]
        let mexicoUnitedStates = corridors["MX→US", default: 0]
        #expect(senegalFrance > 0)
        #expect(corridors["PH→SA", default: 0] > 0)
        #expect(mexicoUnitedStates > senegalFrance)
        #expect(corridors.count >= 40)
    }

    @Test func displayNamesAreVaried() {
        #expect(Set(Self.sample.map(\.displayName)).count >= 5_000)
        #expect(Set(Self.sample.map(\.bio)).count >= 15_000)
    }

    @Test func someSkillsAreFarMoreCommonThanOthers() {
        var counts: [String: Int] = [:]
        for profile in Self.sample {
            for skill in profile.expertise { counts[skill, default: 0] += 1 }
        }
        let ordered = counts.values.sorted(by: >)
        #expect(counts.count == Self.skills.count)
        #expect(ordered[0] >= 10 * ordered[ordered.count - 1])
    }

    @Test func shortKeyListsStillWork() {
        for profile in Self.profiles(seed: 3, count: 500, skills: ["nursing", "law"], topics: ["youth"]) {
            #expect(Set(profile.expertise).isSubset(of: ["nursing", "law"]) && Self.isDistinct(profile.expertise))
            #expect(profile.interests.count <= 1)
        }
    }

    @Test func everyCorridorHasNamesAndCities() {
        let tables = DemoPopulation.Tables.shared
        #expect(tables.corridors.count >= 40)
        for corridor in tables.corridors {
            #expect(tables.countries[corridor.origin].namingPicker != nil)
            #expect((3...8).contains(tables.countries[corridor.residence].cities.count))
            #expect(!tables.countries[corridor.residence].residenceLanguages.isEmpty)
        }
        for tradition in tables.traditions {
            #expect(tradition.given.allSatisfy { $0.count >= 10 } && (15...40).contains(tradition.given.joined().count), "\(tradition.given)")
            #expect((15...40).contains(tradition.family.count), "\(tradition.family)")
        }
    }

    static func isCountryCode(_ code: String) -> Bool {
        code.utf8.count == 2 && code.utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    static func isLanguageCode(_ code: String) -> Bool {
        code.utf8.count == 2 && code.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }

    static func isDistinct(_ values: [String]) -> Bool {
        Set(values).count == values.count
    }
}
