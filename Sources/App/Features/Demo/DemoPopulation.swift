/// One synthetic member as `seed-demo` inserts it, free of database types so generation stays cheap and testable.
struct DemoProfile: Sendable, Equatable {
    let displayName: String
    let headline: String
    let bio: String
    let city: String
    let countryOfResidence: String
    let countriesOfOrigin: [String]
    let languages: [String]
    let expertise: [String]
    let interests: [String]
    let visibility: String
    let openToContact: Bool
}

/// Deterministic synthetic members for `seed-demo`: one seed gives the same people on every platform,
/// cheaply enough to generate a million in seconds.
struct DemoPopulation: Sendable {
    private var random: SplitMix64
    private let tables: Tables
    private let skillKeys: [String]
    private let topicKeys: [String]
    private let skillPicker: WeightedIndex
    private let skillsByPopularity: [Int]
    private let roles: [[String]]
    private let lowercaseRoles: [[String]]
    private let skillPhrases: [String]
    private let topicPhrases: [String]

    static let headlineLimit = 120
    static let bioLimit = 600

    init(seed: UInt64, skillKeys: [String], topicKeys: [String]) {
        precondition(!skillKeys.isEmpty && !topicKeys.isEmpty, "seed-demo needs skill and topic keys")
        precondition(Set(skillKeys).count == skillKeys.count && Set(topicKeys).count == topicKeys.count, "keys must be distinct")
        tables = Tables.shared
        random = SplitMix64(seed: seed)
        self.skillKeys = skillKeys
        self.topicKeys = topicKeys
        // A separate stream, so the set of common skills changes with the seed without shifting the profiles' own draws.
        var shuffler = SplitMix64(seed: seed ^ 0x5EED_5E11_D1CE_0001)
        skillsByPopularity = Self.permutation(of: skillKeys.count, using: &shuffler)
        skillPicker = WeightedIndex(Self.skillWeights(count: skillKeys.count, popularity: skillsByPopularity))
        roles = skillKeys.map { Self.roles(forSkill: $0) }
        lowercaseRoles = roles.map { $0.map(Self.lowercasingFirst) }
        skillPhrases = skillKeys.map { Self.humanized($0) }
        topicPhrases = topicKeys.map { Self.humanized($0) }
    }

    mutating func next() -> DemoProfile {
        let corridor = tables.corridors[tables.corridorPicker.pick(&random)]
        let origin = tables.countries[corridor.origin]
        let residence = tables.countries[corridor.residence]
        let tradition = tables.traditions[origin.naming[origin.namingPicker!.pick(&random)]]
        let city = residence.cities[residence.cityPicker!.pick(&random)]
        let secondOrigin = random.percent(10) ? pickSecondOrigin(first: corridor.origin, residence: corridor.residence) : nil
        let expertise = pickSkills()
        let interests = pickTopics()
        return DemoProfile(
            displayName: displayName(in: tradition),
            headline: headline(skills: expertise, city: city, origin: origin),
            bio: bio(origin: origin, second: secondOrigin.map { tables.countries[$0] }, residence: residence, city: city, skills: expertise, topics: interests),
            city: city,
            countryOfResidence: residence.code,
            countriesOfOrigin: secondOrigin.map { [origin.code, tables.countries[$0].code] } ?? [origin.code],
            languages: languages(tradition: tradition, origin: origin, second: secondOrigin, residence: residence),
            expertise: expertise.map { skillKeys[$0] },
            interests: interests.map { topicKeys[$0] },
            visibility: visibility(),
            openToContact: random.percent(60)
        )
    }

    // MARK: People

    private mutating func displayName(in tradition: Tables.Tradition) -> String {
        let female = random.below(2) == 1
        let given = tradition.given[female ? 1 : 0]
        let first = given[random.below(given.count)]
        let familyIndex = random.below(tradition.family.count)
        let family = female ? tradition.feminineFamily[familyIndex] : tradition.family[familyIndex]
        if tradition.familyFirst { return "\(family) \(first)" }
        if tradition.secondSurnamePercent > 0, random.percent(tradition.secondSurnamePercent) {
            return "\(first) \(family) \(tradition.family[random.below(tradition.family.count)])"
        }
        return "\(first) \(family)"
    }

    /// Children of two origins mostly meet where both communities live, so the second origin comes from a corridor into the same country.
    private mutating func pickSecondOrigin(first: Int, residence: Int) -> Int? {
        let country = tables.countries[residence]
        for _ in 0..<4 {
            let candidate = country.incoming[country.incomingPicker!.pick(&random)]
            if candidate != first { return candidate }
        }
        for _ in 0..<64 {
            let candidate = tables.corridors[tables.corridorPicker.pick(&random)].origin
            if candidate != first && candidate != residence { return candidate }
        }
        return nil
    }

    private mutating func languages(tradition: Tables.Tradition, origin: Tables.Country, second: Int?, residence: Tables.Country) -> [String] {
        let heritage = tradition.languages.isEmpty ? origin.languages : tradition.languages
        var spoken = [heritage[0]]
        spoken.reserveCapacity(4)
        if heritage.count > 1, random.percent(55) { spoken.append(heritage[1]) }
        if let second, random.percent(50) { Self.add(tables.countries[second].languages[0], to: &spoken) }
        if random.percent(90) {
            let local = residence.residenceLanguages.count > 1 && random.percent(30) ? residence.residenceLanguages[1] : residence.residenceLanguages[0]
            Self.add(local, to: &spoken)
        }
        if random.percent(30) { Self.add("en", to: &spoken) }
        return spoken
    }

    private static func add(_ language: String, to spoken: inout [String]) {
        if spoken.count < 4 && !spoken.contains(language) { spoken.append(language) }
    }

    // MARK: Skills and topics

    /// Zipf-like weights by rank (1/(rank+5)), ten times heavier for the top fifth, so both common and rare skills have results.
    private static func skillWeights(count: Int, popularity: [Int]) -> [Int] {
        let top = max(1, count / 5)
        var weights = [Int](repeating: 0, count: count)
        for (rank, skill) in popularity.enumerated() {
            weights[skill] = max(1, (rank < top ? 10 : 1) * 100_000 / (rank + 5))
        }
        return weights
    }

    /// Fisher–Yates with our own generator, because `shuffled()` does not promise a stable algorithm.
    private static func permutation(of count: Int, using random: inout SplitMix64) -> [Int] {
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(i, random.below(i + 1))
        }
        return order
    }

    private mutating func pickSkills() -> [Int] {
        let wanted = min(Self.skillCounts.pick(&random) + 1, skillKeys.count)
        var picked: [Int] = []
        picked.reserveCapacity(wanted)
        var attempts = 0
        while picked.count < wanted {
            attempts += 1
            // Rejection could loop long when the few keys left are rare; then take the most popular unused one.
            let skill = attempts <= 32 ? skillPicker.pick(&random) : skillsByPopularity.first { !picked.contains($0) }!
            if !picked.contains(skill) { picked.append(skill) }
        }
        return picked
    }

    private mutating func pickTopics() -> [Int] {
        let wanted = min(Self.topicCounts.pick(&random), topicKeys.count)
        var picked: [Int] = []
        picked.reserveCapacity(wanted)
        while picked.count < wanted {
            let topic = random.below(topicKeys.count)
            if !picked.contains(topic) { picked.append(topic) }
        }
        return picked
    }

    // 1…6 skills and 0…4 topics.
    private static let skillCounts = WeightedIndex([25, 30, 22, 12, 7, 4])
    private static let topicCounts = WeightedIndex([15, 30, 30, 15, 10])

    // MARK: Activity and visibility

    private mutating func visibility() -> String {
        let roll = random.below(100)
        return roll < 70 ? "public" : roll < 95 ? "members" : "connections"
    }

    /// How long ago the member at `rank` (0 = most recent) of `count` was last active. The
    /// directory lists people in activity order, so the seeder writes them oldest first and gives
    /// each the time at their rank: recent activity dominates (buckets of growing width and
    /// falling weight, uniform inside), whatever the number of members.
    static func secondsSinceActive(rank: Int, of count: Int) -> Double {
        let total = activityBuckets.reduce(0) { $0 + $1.weight }
        var share = Double(rank) / Double(max(count, 1)) * Double(total)
        for bucket in activityBuckets {
            if share < Double(bucket.weight) {
                return (Double(bucket.from) + share / Double(bucket.weight) * Double(bucket.to - bucket.from)) * 86_400
            }
            share -= Double(bucket.weight)
        }
        return Double(activityBuckets.last?.to ?? 0) * 86_400
    }

    private static let activityBuckets: [(from: Int, to: Int, weight: Int)] = [
        (0, 7, 35), (7, 30, 25), (30, 90, 18), (90, 180, 10), (180, 365, 7), (365, 730, 5),
    ]

    // MARK: Text

    private mutating func headline(skills: [Int], city: String, origin: Tables.Country) -> String {
        let options = roles[skills[0]]
        let role = options[random.below(options.count)]
        let roll = random.below(100)
        var text: String
        if roll < 25, skills.count > 1 {
            let others = lowercaseRoles[skills[1]]
            text = "\(role) and \(others[random.below(others.count)]) in \(city)"
        } else if roll < 40 {
            text = "\(role) in \(city), originally from \(origin.name)"
        } else if roll < 50 {
            text = "\(role) based in \(city)"
        } else {
            text = "\(role) in \(city)"
        }
        if text.utf8.count > Self.headlineLimit { text = "\(role) in \(city)" }
        return text
    }

    private mutating func bio(origin: Tables.Country, second: Tables.Country?, residence: Tables.Country, city: String, skills: [Int], topics: [Int]) -> String {
        let opening = originSentence(origin: origin, second: second, residence: residence, city: city)
        var text = opening
        text.reserveCapacity(320)
        if random.percent(90) {
            text.append(" ")
            text.append(workSentence(skills: skills))
        }
        if random.percent(65) {
            text.append(random.percent(15) ? "\n" : " ")
            text.append(interestSentence(skills: skills, topics: topics, origin: origin, residence: residence, city: city))
        }
        return text.utf8.count > Self.bioLimit ? opening : text
    }

    private mutating func originSentence(origin: Tables.Country, second: Tables.Country?, residence: Tables.Country, city: String) -> String {
        let years = 2 + random.below(30)
        let since = String(Self.referenceYear - years)
        if let second, random.percent(70) {
            return "With roots in \(origin.name) and \(second.name), I live in \(city)."
        }
        switch random.below(8) {
        case 0: return "Originally from \(origin.name), I have lived in \(city) since \(since)."
        case 1: return "Born in \(origin.name) and based in \(city) for \(years) years."
        case 2: return "I grew up in \(origin.name) and moved to \(residence.name) in \(since)."
        case 3: return "Second generation, with family roots in \(origin.name); raised in \(city)."
        case 4: return "From \(origin.name), living in \(city)."
        case 5: return "I left \(origin.name) in \(since) and settled in \(city)."
        case 6: return "Part of the community from \(origin.name) in \(city)."
        default: return "Between \(origin.name) and \(residence.name) since \(since)."
        }
    }

    private mutating func workSentence(skills: [Int]) -> String {
        let main = skillPhrases[skills[0]]
        let other = skills.count > 1 ? skillPhrases[skills[skills.count - 1]] : nil
        let place = Self.workplaces[random.below(Self.workplaces.count)]
        let years = String(2 + random.below(25))
        switch (random.below(7), other) {
        case (0, _): return "I work in \(main), mostly with \(place)."
        case (1, let other?): return "\(years) years of experience in \(main) and \(other)."
        case (2, let other?): return "My work covers \(main) and \(other)."
        case (3, let other?): return "Trained in \(main); now focused on \(other)."
        case (4, _): return "I have spent \(years) years in \(main) with \(place)."
        case (5, let other?): return "Background in \(main), with side projects in \(other)."
        default: return "Day to day I do \(main) for \(place)."
        }
    }

    private mutating func interestSentence(skills: [Int], topics: [Int], origin: Tables.Country, residence: Tables.Country, city: String) -> String {
        let topic = topics.isEmpty ? skillPhrases[skills[0]] : topicPhrases[topics[random.below(topics.count)]]
        switch random.below(8) {
        case 0: return "Keen to connect with people working on \(topic) in \(origin.name)."
        case 1: return "Happy to mentor anyone interested in \(topic)."
        case 2: return "Looking for partners for \(topic) projects in \(origin.name)."
        case 3: return "Ask me about \(topic) and \(skillPhrases[skills[0]])."
        case 4: return "I volunteer with a hometown association in \(city) on \(topic)."
        case 5: return "Interested in \(topic) and how the diaspora can support it."
        case 6: return "Open to collaborations on \(topic) between \(residence.name) and \(origin.name)."
        default: return "Currently learning more about \(topic)."
        }
    }

    /// Years in bios count back from a fixed year, not the clock, so output depends on the seed alone.
    private static let referenceYear = 2025

    private static let workplaces = [
        "small businesses", "hospitals", "NGOs", "local government", "start-ups", "schools", "cooperatives",
        "universities", "migrant associations", "international organizations", "family businesses", "clinics",
    ]

    // MARK: Role phrases

    private static func roles(forSkill key: String) -> [String] {
        if let known = knownRoles[key] { return known }
        let subject = capitalizingFirst(humanized(key))
        return [subject + " specialist", subject + " professional"]
    }

    private static let knownRoles: [String: [String]] = Dictionary(uniqueKeysWithValues: roleTable.map { entry in
        (entry.skill, entry.roles.split(separator: ",").map { $0.trimmingSpaces })
    })

    // The ~25 skills expected most often; other keys get "<Skill> specialist".
    private static let roleTable: [(skill: String, roles: String)] = [
        ("nursing", "Nurse, Registered nurse, Nurse educator"),
        ("medicine", "Physician, Medical doctor, General practitioner"),
        ("public-health", "Public-health specialist, Public-health trainer, Epidemiologist, Community health worker"),
        ("software-development", "Software developer, Software engineer, Full-stack developer"),
        ("data-science", "Data scientist, Data analyst, Machine-learning engineer"),
        ("teaching", "Teacher, Secondary-school teacher, Educator"),
        ("education", "Educator, Teacher, Curriculum designer"),
        ("engineering", "Engineer, Design engineer"),
        ("civil-engineering", "Civil engineer, Structural engineer, Site engineer"),
        ("agriculture", "Agronomist, Agricultural adviser, Agricultural engineer"),
        ("finance", "Financial analyst, Banker, Investment adviser"),
        ("accounting", "Accountant, Auditor, Chartered accountant"),
        ("law", "Lawyer, Legal adviser, Immigration lawyer"),
        ("entrepreneurship", "Entrepreneur, Start-up founder, Small-business owner"),
        ("project-management", "Project manager, Programme coordinator"),
        ("marketing", "Marketing manager, Digital marketer"),
        ("journalism", "Journalist, Reporter, Editor"),
        ("translation", "Translator, Interpreter, Conference interpreter"),
        ("logistics", "Logistics coordinator, Supply-chain manager"),
        ("construction", "Construction manager, Builder, Site foreman"),
        ("renewable-energy", "Solar-energy engineer, Renewable-energy consultant"),
        ("research", "Researcher, Research scientist"),
        ("architecture", "Architect, Urban planner"),
        ("hospitality", "Hotel manager, Chef, Restaurant owner"),
        ("community-organizing", "Community organizer, Association leader"),
        ("social-work", "Social worker, Youth worker"),
        ("pharmacy", "Pharmacist, Pharmacy technician"),
    ]

    // MARK: Small string helpers (run once per key, not per profile)

    static func humanized(_ key: String) -> String {
        String(key.map { $0 == "-" || $0 == "_" ? " " : $0 })
    }

    static func capitalizingFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    static func lowercasingFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}

extension Substring {
    /// The text without leading and trailing spaces (for the comma-separated lists in the tables).
    var trimmingSpaces: String {
        guard let start = firstIndex(where: { $0 != " " }), let end = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[start...end])
    }
}
