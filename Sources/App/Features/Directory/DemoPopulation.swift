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
    let daysSinceActive: Int
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
            openToContact: random.percent(60),
            daysSinceActive: daysSinceActive()
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

    /// Recent activity dominates: buckets of growing width and falling weight, uniform inside, in integers so every platform agrees.
    private mutating func daysSinceActive() -> Int {
        let bucket = Self.activityBuckets[Self.activityPicker.pick(&random)]
        return bucket.from + random.below(bucket.to - bucket.from)
    }

    private static let activityBuckets: [(from: Int, to: Int, weight: Int)] = [
        (0, 7, 35), (7, 30, 25), (30, 90, 18), (90, 180, 10), (180, 365, 7), (365, 730, 5),
    ]
    private static let activityPicker = WeightedIndex(activityBuckets.map(\.weight))

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

private extension Substring {
    var trimmingSpaces: String {
        guard let start = firstIndex(where: { $0 != " " }), let end = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[start...end])
    }
}

// MARK: - Randomness

extension DemoPopulation {
    /// SplitMix64 (Steele, Lea & Flood, 2014): tiny, fast, and fixed by its seed on every platform,
    /// which `SystemRandomNumberGenerator` and the standard library's range sampling do not promise.
    struct SplitMix64: RandomNumberGenerator, Sendable {
        private var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in 0..<n by Lemire's multiply-shift with rejection ("Fast Random Integer Generation in an Interval", 2019): no modulo bias.
        mutating func below(_ n: Int) -> Int {
            precondition(n > 0)
            let bound = UInt64(n)
            var product = next().multipliedFullWidth(by: bound)
            if product.low < bound {
                let threshold = (0 &- bound) % bound
                while product.low < threshold {
                    product = next().multipliedFullWidth(by: bound)
                }
            }
            return Int(product.high)
        }

        mutating func percent(_ chance: Int) -> Bool {
            below(100) < chance
        }
    }

    /// Picks index i with probability weights[i] / total: one uniform draw below the total, then a binary search of the running sums;
    /// integer arithmetic only, so every platform picks the same.
    struct WeightedIndex: Sendable {
        private let runningSums: [Int]

        init(_ weights: [Int]) {
            precondition(!weights.isEmpty && weights.allSatisfy { $0 > 0 }, "weights must be positive")
            var total = 0
            runningSums = weights.map { total += $0; return total }
        }

        func pick(_ random: inout SplitMix64) -> Int {
            let target = random.below(runningSums[runningSums.count - 1])
            var low = 0
            var high = runningSums.count - 1
            while low < high {
                let middle = (low + high) / 2
                if runningSums[middle] > target { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }
}

// MARK: - Reference tables

extension DemoPopulation {
    /// The data tables below, resolved once per process into index form so `next()` only does array lookups.
    struct Tables: Sendable {
        // Classes rather than structs: `next()` reads several of these per profile, and a class reference costs one retain, not one per field.
        final class Country: Sendable {
            let code: String
            let name: String
            let languages: [String]
            let residenceLanguages: [String]
            let naming: [Int]
            let namingPicker: WeightedIndex?
            let cities: [String]
            let cityPicker: WeightedIndex?
            let incoming: [Int]
            let incomingPicker: WeightedIndex?

            init(code: String, name: String, languages: [String], residenceLanguages: [String], naming: [(tradition: Int, weight: Int)], cities: [String], incoming: [(origin: Int, weight: Int)]) {
                self.code = code
                self.name = name
                self.languages = languages
                self.residenceLanguages = residenceLanguages
                self.naming = naming.map(\.tradition)
                namingPicker = naming.isEmpty ? nil : WeightedIndex(naming.map(\.weight))
                self.cities = cities
                cityPicker = cities.isEmpty ? nil : WeightedIndex(Array(Tables.cityWeights.prefix(cities.count)))
                self.incoming = incoming.map(\.origin)
                incomingPicker = incoming.isEmpty ? nil : WeightedIndex(incoming.map(\.weight))
            }
        }

        final class Tradition: Sendable {
            let given: [[String]]
            let family: [String]
            let feminineFamily: [String]
            let familyFirst: Bool
            let secondSurnamePercent: Int
            let languages: [String]

            init(given: [[String]], family: [String], feminineFamily: [String], familyFirst: Bool, secondSurnamePercent: Int, languages: [String]) {
                self.given = given
                self.family = family
                self.feminineFamily = feminineFamily
                self.familyFirst = familyFirst
                self.secondSurnamePercent = secondSurnamePercent
                self.languages = languages
            }
        }

        struct Corridor: Sendable {
            let origin: Int
            let residence: Int
        }

        let countries: [Country]
        let traditions: [Tradition]
        let corridors: [Corridor]
        let corridorPicker: WeightedIndex

        static let shared = Tables()

        // Cities are listed biggest diaspora destination first; these weights favour the top of each list.
        static let cityWeights = [30, 20, 14, 10, 8, 7, 6, 5]

        init() {
            let traditionIndex = Dictionary(uniqueKeysWithValues: Self.traditionTable.enumerated().map { ($1.id, $0) })
            traditions = Self.traditionTable.map(Self.resolve)
            let countryIndex = Dictionary(uniqueKeysWithValues: Self.countryTable.enumerated().map { ($1.code, $0) })
            let residences = Dictionary(uniqueKeysWithValues: Self.residenceTable.map { ($0.country, $0) })
            func country(_ code: String) -> Int {
                guard let index = countryIndex[code] else { preconditionFailure("no country \(code)") }
                return index
            }
            corridors = Self.corridorTable.map { Corridor(origin: country($0.origin), residence: country($0.residence)) }
            corridorPicker = WeightedIndex(Self.corridorTable.map(\.thousands))
            var incoming = [[(origin: Int, weight: Int)]](repeating: [], count: Self.countryTable.count)
            for (corridor, row) in zip(corridors, Self.corridorTable) {
                incoming[corridor.residence].append((corridor.origin, row.thousands))
            }
            countries = Self.countryTable.enumerated().map { index, row in
                let naming = row.naming.split(separator: " ").map { part -> (tradition: Int, weight: Int) in
                    let pieces = part.split(separator: ":")
                    guard let tradition = traditionIndex[String(pieces[0])] else { preconditionFailure("no naming tradition \(part)") }
                    return (tradition, pieces.count > 1 ? Int(pieces[1])! : 1)
                }
                let residence = residences[row.code]
                return Country(
                    code: row.code, name: row.name, languages: Self.words(row.languages),
                    residenceLanguages: Self.words(residence?.languages ?? ""),
                    naming: naming, cities: Self.list(residence?.cities ?? ""), incoming: incoming[index]
                )
            }
            for corridor in corridors {
                precondition(countries[corridor.origin].namingPicker != nil, "origin \(countries[corridor.origin].code) has no naming tradition")
                precondition(countries[corridor.residence].cityPicker != nil, "residence \(countries[corridor.residence].code) has no cities")
            }
        }

        static func list(_ text: String) -> [String] {
            text.split(separator: ",").map(\.trimmingSpaces)
        }

        static func words(_ text: String) -> [String] {
            text.split(separator: " ").map(String.init)
        }

        private static func resolve(_ row: RawTradition) -> Tradition {
            let halves = row.given.split(separator: "|")
            precondition(halves.count == 2, "\(row.id): given names need a male | female split")
            let family = list(row.family)
            return Tradition(
                given: halves.map { list(String($0)) },
                family: family,
                feminineFamily: row.slavicFeminine ? family.map(feminine) : family,
                familyFirst: row.familyFirst,
                secondSurnamePercent: row.secondSurname,
                languages: words(row.languages)
            )
        }

        /// Polish -ski/-cki become -ska/-cka and Russian-style -ov/-ev/-in take -a for women.
        static func feminine(_ family: String) -> String {
            if family.hasSuffix("ki") { return String(family.dropLast()) + "a" }
            if family.hasSuffix("ov") || family.hasSuffix("ev") || family.hasSuffix("in") { return family + "a" }
            return family
        }
    }

    /// A naming tradition as written in the table: given names "male… | female…", family names (for patronymic traditions, fathers' given names).
    struct RawTradition: Sendable {
        let id: String
        let familyFirst: Bool
        let secondSurname: Int
        let slavicFeminine: Bool
        let languages: String
        let given: String
        let family: String

        init(_ id: String, familyFirst: Bool = false, secondSurname: Int = 0, slavicFeminine: Bool = false, languages: String = "", given: String, family: String) {
            self.id = id
            self.familyFirst = familyFirst
            self.secondSurname = secondSurname
            self.slavicFeminine = slavicFeminine
            self.languages = languages
            self.given = given
            self.family = family
        }
    }
}

extension DemoPopulation.Tables {
    // Migration corridors, origin → residence, weighted by migrant stock in thousands, rounded, after
    // UN DESA "International Migrant Stock 2020"; refugee corridors from Ukraine follow UNHCR 2023 figures,
    // because that displacement postdates the 2020 estimates.
    static let corridorTable: [(origin: String, residence: String, thousands: Int)] = [
        // Africa
        ("SN", "FR", 130), ("SN", "IT", 110), ("SN", "ES", 75), ("ML", "CI", 520), ("ML", "FR", 90),
        ("BF", "CI", 1300), ("CI", "FR", 100), ("NG", "US", 390), ("NG", "GB", 220), ("GH", "US", 200),
        ("GH", "GB", 100), ("CM", "FR", 100), ("CD", "BE", 50), ("CD", "FR", 80), ("ET", "US", 280),
        ("SO", "KE", 300), ("SO", "US", 120), ("SO", "GB", 110), ("KE", "GB", 140), ("KE", "US", 150),
        ("SS", "UG", 900), ("DZ", "FR", 1600), ("MA", "FR", 1000), ("MA", "ES", 800), ("MA", "IT", 430),
        ("MA", "BE", 220), ("MA", "NL", 170), ("TN", "FR", 400), ("EG", "SA", 940), ("EG", "AE", 700),
        ("CV", "PT", 40), ("CV", "US", 40), ("ZW", "ZA", 700), ("MZ", "ZA", 420), ("LS", "ZA", 310),
        // Asia
        ("IN", "AE", 3470), ("IN", "US", 2700), ("IN", "SA", 2500), ("IN", "OM", 1380), ("IN", "KW", 1150),
        ("IN", "GB", 850), ("IN", "CA", 720), ("IN", "AU", 720), ("PK", "SA", 1450), ("PK", "AE", 980),
        ("PK", "GB", 600), ("BD", "IN", 2500), ("BD", "SA", 1300), ("BD", "AE", 1100), ("BD", "GB", 260),
        ("NP", "IN", 500), ("PH", "US", 2000), ("PH", "SA", 650), ("PH", "AE", 550), ("PH", "CA", 450),
        ("PH", "JP", 250), ("CN", "US", 2100), ("CN", "JP", 800), ("CN", "CA", 700), ("CN", "AU", 650),
        ("VN", "US", 1400), ("VN", "JP", 450), ("KR", "US", 1000), ("KR", "JP", 450), ("ID", "MY", 1200),
        ("ID", "SA", 370), ("MM", "TH", 1900), ("AF", "IR", 1800), ("AF", "PK", 1600), ("SY", "TR", 3700),
        ("SY", "LB", 900), ("SY", "DE", 700), ("SY", "JO", 650), ("PS", "JO", 2300), ("YE", "SA", 700),
        ("LB", "US", 130), ("LB", "CA", 100), ("LB", "AU", 90), ("TR", "DE", 1500), ("TR", "FR", 250),
        ("TR", "NL", 190), ("KZ", "RU", 2500), ("UZ", "RU", 1100),
        // Europe
        ("UA", "DE", 1100), ("UA", "PL", 950), ("PL", "DE", 1800), ("PL", "GB", 900), ("RO", "IT", 1000),
        ("RO", "DE", 800), ("RO", "ES", 600), ("IT", "DE", 450), ("IT", "FR", 280), ("AL", "IT", 450),
        ("AL", "GR", 400), ("PT", "FR", 600), ("GB", "AU", 1200), ("GB", "ES", 300), ("RU", "DE", 1000),
        // Americas
        ("MX", "US", 10900), ("SV", "US", 1400), ("GT", "US", 1100), ("HN", "US", 650), ("CU", "US", 1300),
        ("DO", "US", 1200), ("DO", "ES", 180), ("HT", "US", 700), ("HT", "DO", 500), ("JM", "US", 750),
        ("JM", "GB", 140), ("JM", "CA", 130), ("CO", "US", 800), ("CO", "ES", 460), ("VE", "CO", 1800),
        ("VE", "PE", 1000), ("VE", "CL", 450), ("VE", "ES", 400), ("EC", "US", 450), ("EC", "ES", 420),
        ("PE", "US", 450), ("PE", "CL", 250), ("PE", "AR", 200), ("BO", "AR", 400), ("BO", "ES", 180),
        ("PY", "AR", 700), ("BR", "US", 500), ("BR", "PT", 200), ("BR", "JP", 200), ("AR", "ES", 270),
        ("CA", "US", 800),
        // Oceania
        ("NZ", "AU", 570), ("FJ", "AU", 70), ("FJ", "NZ", 60), ("WS", "NZ", 55),
    ]

    // Code, English name as used mid-sentence, languages people from there speak (ISO 639-1, main first), their naming traditions.
    static let countryTable: [(code: String, name: String, languages: String, naming: String)] = [
        ("AE", "the United Arab Emirates", "ar en", ""),
        ("AF", "Afghanistan", "fa ps", "afghan"),
        ("AL", "Albania", "sq", "albanian"),
        ("AR", "Argentina", "es", "southamerican"),
        ("AU", "Australia", "en", ""),
        ("BD", "Bangladesh", "bn", "bangladeshi"),
        ("BE", "Belgium", "fr nl", ""),
        ("BF", "Burkina Faso", "fr", "mossi"),
        ("BO", "Bolivia", "es qu ay", "andean"),
        ("BR", "Brazil", "pt", "brazilian"),
        ("CA", "Canada", "en", "anglo"),
        ("CD", "DR Congo", "fr ln sw", "congolese"),
        ("CI", "Côte d'Ivoire", "fr", "ivorian"),
        ("CL", "Chile", "es", ""),
        ("CM", "Cameroon", "fr en", "cameroonian"),
        ("CN", "China", "zh", "chinese"),
        ("CO", "Colombia", "es", "southamerican"),
        ("CU", "Cuba", "es", "hispanic"),
        ("CV", "Cabo Verde", "pt", "caboverdean"),
        ("DE", "Germany", "de", ""),
        ("DO", "the Dominican Republic", "es", "hispanic"),
        ("DZ", "Algeria", "ar fr", "algerian"),
        ("EC", "Ecuador", "es qu", "andean"),
        ("EG", "Egypt", "ar", "egyptian"),
        ("ES", "Spain", "es", ""),
        ("ET", "Ethiopia", "am om ti", "ethiopian"),
        ("FJ", "Fiji", "fj en hi", "fijian:60 hindi:40"),
        ("FR", "France", "fr", ""),
        ("GB", "the United Kingdom", "en", "anglo"),
        ("GH", "Ghana", "en ak", "akan"),
        ("GR", "Greece", "el", ""),
        ("GT", "Guatemala", "es", "hispanic"),
        ("HN", "Honduras", "es", "hispanic"),
        ("HT", "Haiti", "ht fr", "haitian"),
        ("ID", "Indonesia", "id jv", "indonesian"),
        ("IN", "India", "hi en", "hindi:40 malayali:20 tamil:15 punjabi:15 telugu:10"),
        ("IR", "Iran", "fa", ""),
        ("IT", "Italy", "it", "italian"),
        ("JM", "Jamaica", "en", "jamaican"),
        ("JO", "Jordan", "ar", ""),
        ("JP", "Japan", "ja", ""),
        ("KE", "Kenya", "sw en", "kenyan"),
        ("KR", "South Korea", "ko", "korean"),
        ("KW", "Kuwait", "ar en", ""),
        ("KZ", "Kazakhstan", "kk ru", "kazakh"),
        ("LB", "Lebanon", "ar fr", "lebanese"),
        ("LS", "Lesotho", "st en", "sotho"),
        ("MA", "Morocco", "ar fr", "moroccan"),
        ("ML", "Mali", "fr bm", "mande"),
        ("MM", "Myanmar", "my", "burmese"),
        ("MX", "Mexico", "es", "hispanic"),
        ("MY", "Malaysia", "ms en", ""),
        ("MZ", "Mozambique", "pt ts", "mozambican"),
        ("NG", "Nigeria", "en", "yoruba:45 igbo:35 hausa:20"),
        ("NL", "the Netherlands", "nl", ""),
        ("NP", "Nepal", "ne", "nepali"),
        ("NZ", "New Zealand", "en", "anglo"),
        ("OM", "Oman", "ar en", ""),
        ("PE", "Peru", "es qu", "andean"),
        ("PH", "the Philippines", "tl en", "filipino"),
        ("PK", "Pakistan", "ur pa", "pakistani"),
        ("PL", "Poland", "pl", "polish"),
        ("PS", "Palestine", "ar", "levantine"),
        ("PT", "Portugal", "pt", "portuguese"),
        ("PY", "Paraguay", "es gn", "southamerican"),
        ("RO", "Romania", "ro", "romanian"),
        ("RU", "Russia", "ru", "russian"),
        ("SA", "Saudi Arabia", "ar en", ""),
        ("SN", "Senegal", "fr wo", "wolof"),
        ("SO", "Somalia", "so ar", "somali"),
        ("SS", "South Sudan", "en ar", "southsudanese"),
        ("SV", "El Salvador", "es", "hispanic"),
        ("SY", "Syria", "ar", "levantine"),
        ("TH", "Thailand", "th", ""),
        ("TN", "Tunisia", "ar fr", "tunisian"),
        ("TR", "Turkey", "tr", "turkish"),
        ("UA", "Ukraine", "uk ru", "ukrainian"),
        ("UG", "Uganda", "en sw", ""),
        ("US", "the United States", "en", ""),
        ("UZ", "Uzbekistan", "uz ru", "uzbek"),
        ("VE", "Venezuela", "es", "southamerican"),
        ("VN", "Vietnam", "vi", "vietnamese"),
        ("WS", "Samoa", "sm en", "samoan"),
        ("YE", "Yemen", "ar", "yemeni"),
        ("ZA", "South Africa", "en zu af", ""),
        ("ZW", "Zimbabwe", "sn en nd", "shona"),
    ]

    // Countries of residence: the languages newcomers use there (main first) and cities, biggest diaspora destinations first.
    static let residenceTable: [(country: String, languages: String, cities: String)] = [
        ("AE", "en ar", "Dubai, Abu Dhabi, Sharjah, Ajman, Al Ain"),
        ("AR", "es", "Buenos Aires, Córdoba, Rosario, Mendoza, La Plata"),
        ("AU", "en", "Sydney, Melbourne, Brisbane, Perth, Adelaide, Canberra"),
        ("BE", "fr nl", "Brussels, Antwerp, Liège, Ghent, Charleroi"),
        ("CA", "en fr", "Toronto, Montreal, Vancouver, Calgary, Ottawa, Edmonton, Winnipeg"),
        ("CI", "fr", "Abidjan, Bouaké, San-Pédro, Yamoussoukro, Daloa, Korhogo"),
        ("CL", "es", "Santiago, Antofagasta, Valparaíso, Iquique, Concepción"),
        ("CO", "es", "Bogotá, Barranquilla, Medellín, Cúcuta, Cali, Cartagena"),
        ("DE", "de", "Berlin, Munich, Frankfurt, Hamburg, Cologne, Stuttgart, Düsseldorf, Duisburg"),
        ("DO", "es", "Santo Domingo, Santiago de los Caballeros, La Romana, Punta Cana, San Pedro de Macorís"),
        ("ES", "es", "Madrid, Barcelona, Valencia, Málaga, Murcia, Seville, Almería, Zaragoza"),
        ("FR", "fr", "Paris, Marseille, Lyon, Lille, Toulouse, Bordeaux, Nice, Strasbourg"),
        ("GB", "en", "London, Birmingham, Manchester, Leeds, Leicester, Bradford, Glasgow, Bristol"),
        ("GR", "el", "Athens, Thessaloniki, Patras, Heraklion"),
        ("IN", "hi bn", "Kolkata, Delhi, Mumbai, Guwahati, Bengaluru, Siliguri, Chennai"),
        ("IR", "fa", "Tehran, Mashhad, Isfahan, Shiraz, Qom"),
        ("IT", "it", "Rome, Milan, Turin, Naples, Bologna, Florence, Brescia, Genoa"),
        ("JO", "ar", "Amman, Zarqa, Irbid, Mafraq"),
        ("JP", "ja", "Tokyo, Osaka, Yokohama, Nagoya, Kobe, Fukuoka"),
        ("KE", "sw en", "Nairobi, Mombasa, Garissa, Nakuru, Kisumu"),
        ("KW", "ar en", "Kuwait City, Al Farwaniyah, Hawalli, Al Ahmadi"),
        ("LB", "ar fr", "Beirut, Tripoli, Sidon, Zahlé, Baalbek"),
        ("MY", "ms en", "Kuala Lumpur, Johor Bahru, Penang, Kota Kinabalu, Shah Alam"),
        ("NL", "nl", "Amsterdam, Rotterdam, The Hague, Utrecht, Eindhoven"),
        ("NZ", "en", "Auckland, Wellington, Christchurch, Hamilton"),
        ("OM", "ar en", "Muscat, Seeb, Sohar, Salalah, Nizwa"),
        ("PE", "es", "Lima, Arequipa, Trujillo, Cusco, Chiclayo"),
        ("PK", "ur ps", "Peshawar, Karachi, Quetta, Islamabad, Lahore"),
        ("PL", "pl", "Warsaw, Kraków, Wrocław, Gdańsk, Poznań, Łódź"),
        ("PT", "pt", "Lisbon, Porto, Amadora, Setúbal, Faro, Braga"),
        ("RU", "ru", "Moscow, Saint Petersburg, Yekaterinburg, Novosibirsk, Kazan, Krasnodar"),
        ("SA", "ar en", "Riyadh, Jeddah, Dammam, Mecca, Medina, Khobar"),
        ("TH", "th", "Bangkok, Samut Sakhon, Mae Sot, Chiang Mai, Chonburi"),
        ("TR", "tr", "Istanbul, Gaziantep, Şanlıurfa, Hatay, Ankara, İzmir, Mersin, Bursa"),
        ("UG", "en sw", "Kampala, Arua, Gulu, Adjumani, Koboko"),
        ("US", "en", "New York, Los Angeles, Houston, Chicago, Miami, Dallas, Washington, Atlanta"),
        ("ZA", "en zu", "Johannesburg, Cape Town, Pretoria, Durban, Polokwane, Bloemfontein"),
    ]

    // Names per tradition, 15–40 each. Chinese, Korean and Vietnamese names are written family name first, as at home;
    // every other tradition given name first. Ethiopian, Somali and South Sudanese "family" lists are fathers' given names.
    static let traditionTable: [DemoPopulation.RawTradition] = [
        .init("wolof",
              given: "Mamadou, Ousmane, Abdoulaye, Cheikh, Ibrahima, Moussa, Modou, Babacar, Serigne, Aliou, Pape, Lamine, Souleymane, Alioune, Malick | Ndèye, Fatou, Aminata, Awa, Mariama, Khady, Coumba, Astou, Sokhna, Aïssatou, Rokhaya, Adama, Bineta, Marème, Dieynaba, Seynabou",
              family: "Diop, Ndiaye, Fall, Sow, Diallo, Gueye, Sarr, Faye, Ba, Mbaye, Cissé, Niang, Seck, Thiam, Kane, Sy, Diouf, Ndour, Sène, Mboup, Wade, Touré, Dieng, Lô, Camara, Samb, Dione, Ka"),
        .init("mande",
              given: "Moussa, Bakary, Seydou, Adama, Boubacar, Mamadou, Souleymane, Drissa, Sékou, Modibo, Oumar, Yacouba, Lassina, Fousseyni, Siaka | Kadiatou, Fatoumata, Aminata, Oumou, Awa, Kadidia, Salimata, Rokia, Djénéba, Assitan, Mariam, Nana, Bintou, Hawa, Sira",
              family: "Traoré, Keïta, Coulibaly, Diarra, Konaté, Camara, Sissoko, Dembélé, Kanté, Doumbia, Sangaré, Koné, Diakité, Touré, Cissé, Sidibé, Kouyaté, Fofana, Bagayoko, Diabaté, Samaké, Maïga, Dicko, Ballo"),
        .init("mossi",
              given: "Ousmane, Issouf, Salif, Boukary, Adama, Hamidou, Inoussa, Souleymane, Moumouni, Dramane, Abdoulaye, Rasmané, Karim, Wendyam, Pegdwendé | Aminata, Mariam, Salamata, Rasmata, Awa, Fatimata, Alizèta, Zénabou, Bibata, Safiatou, Wendkouni, Pauline, Clarisse, Honorine, Jeanne",
              family: "Ouédraogo, Sawadogo, Compaoré, Kaboré, Zongo, Ouattara, Kiendrébéogo, Tapsoba, Zoungrana, Nikiéma, Ilboudo, Bamogo, Kafando, Sana, Yaméogo, Ouoba, Savadogo, Guiro, Rouamba, Simporé, Belem, Kinda"),
        .init("ivorian",
              given: "Kouadio, Kouassi, Konan, Yao, Koffi, Kouamé, Yannick, Serge, Hervé, Arnaud, Fabrice, Didier, Wilfried | Aya, Affoué, Amenan, Adjoua, Ahou, Akissi, Christelle, Laetitia, Mariam, Ange, Estelle, Nadège, Prisca",
              family: "Kouassi, Konan, Yao, Koffi, Kouadio, Bamba, Ouattara, Koné, Coulibaly, Touré, Diabaté, N'Guessan, Assi, Brou, Aka, Tanoh, Yapi, Gnahoré, Zadi, Kacou, Amani, Ehui, Beugré, Dosso, Fofana"),
        .init("yoruba", languages: "yo en",
              given: "Adebayo, Oluwaseun, Olumide, Adewale, Babatunde, Tunde, Femi, Kunle, Segun, Gbenga, Kehinde, Taiwo, Ayodele | Damilola, Temitope, Folake, Funmilayo, Yetunde, Bukola, Titilayo, Abimbola, Omolara, Adeola, Ifeoluwa, Morenike, Tolulope",
              family: "Adeyemi, Ogunleye, Adebayo, Ogundipe, Adeleke, Oladipo, Ajayi, Olatunji, Balogun, Akinola, Ogunbiyi, Adewale, Oyelaran, Fashola, Adesanya, Oyewole, Afolabi, Olawale, Bankole, Ojo, Akinwande, Ilesanmi, Adeniran"),
        .init("igbo", languages: "ig en",
              given: "Chukwuemeka, Chinedu, Obinna, Ikenna, Nnamdi, Emeka, Chidi, Uchenna, Kelechi, Ifeanyi, Chibuike, Tochukwu | Ngozi, Chiamaka, Adaeze, Nkechi, Chinonso, Ifeoma, Obioma, Amarachi, Ebere, Uzoamaka, Chidinma, Ogechi, Onyinye",
              family: "Okafor, Okonkwo, Eze, Nwosu, Obi, Okeke, Nwachukwu, Onyeka, Ibe, Uzor, Okoro, Nnaji, Ugwu, Anyanwu, Chukwu, Nwankwo, Igwe, Ezeh, Odum, Mbah, Ogbonna, Iwu, Ekwueme, Onwuka"),
        .init("hausa", languages: "ha en",
              given: "Abubakar, Usman, Ibrahim, Musa, Aliyu, Sani, Bashir, Yusuf, Umar, Kabiru, Nasiru, Suleiman, Haruna | Aisha, Fatima, Zainab, Hauwa, Amina, Hadiza, Maryam, Halima, Rukayya, Balaraba, Hafsat, Safiya",
              family: "Abdullahi, Bello, Mohammed, Musa, Sani, Danjuma, Garba, Aliyu, Lawal, Yakubu, Umar, Idris, Sule, Tanko, Dikko, Adamu, Shehu, Ibrahim, Bala, Gambo, Jibril, Mahmud, Dauda"),
        .init("akan",
              given: "Kwame, Kofi, Kwaku, Kwabena, Yaw, Kojo, Kwesi, Kwadwo, Kobina, Ekow, Fiifi, Emmanuel, Samuel, Isaac | Ama, Akosua, Abena, Afua, Yaa, Efua, Adwoa, Akua, Esi, Nana, Serwaa, Gifty, Priscilla, Comfort, Patience",
              family: "Mensah, Owusu, Boateng, Asante, Osei, Agyeman, Appiah, Ofori, Darko, Amoah, Adjei, Boakye, Gyamfi, Antwi, Sarpong, Acheampong, Frimpong, Opoku, Bonsu, Ansah, Yeboah, Kuffour, Annan, Quaye, Nkansah, Amponsah"),
        .init("ethiopian",
              given: "Abebe, Alemayehu, Bekele, Dawit, Fikru, Getachew, Girma, Haile, Mulugeta, Solomon, Yohannes, Tadesse, Gemechu, Lemma, Abdi | Chaltu, Hirut, Meron, Selam, Tigist, Almaz, Bethlehem, Mekdes, Hanna, Saba, Liya, Meseret, Tsion, Genet, Ebise, Lensa",
              family: "Abebe, Alemu, Bekele, Desta, Gebre, Getachew, Girma, Haile, Kebede, Mekonnen, Negash, Tadesse, Tesfaye, Wolde, Worku, Yilma, Zewdu, Asfaw, Ayele, Demissie, Gudeta, Tolosa, Fayisa, Tekle, Berhanu"),
        .init("somali",
              given: "Abdi, Abdirahman, Ahmed, Ali, Farah, Hassan, Mohamed, Mohamud, Omar, Yusuf, Abdullahi, Ismail, Hussein, Liban, Mahad, Bashir | Hodan, Hawa, Fadumo, Amina, Ayaan, Sahra, Ifrah, Nimco, Ubah, Asha, Deeqa, Idil, Maryan, Sagal, Khadra",
              family: "Ahmed, Ali, Farah, Hassan, Mohamed, Mohamud, Omar, Yusuf, Abdi, Abdullahi, Aden, Jama, Warsame, Nur, Osman, Hirsi, Elmi, Egal, Dahir, Ismail, Guled, Duale, Abdulle, Shire, Samatar"),
        .init("kenyan",
              given: "Brian, Kevin, Dennis, Collins, Victor, Samuel, Joseph, Daniel, Peter, David, Stephen, Ian, Baraka, Amani | Faith, Mercy, Grace, Esther, Brenda, Caroline, Sharon, Purity, Joy, Winnie, Naomi, Cynthia, Zawadi, Neema",
              family: "Otieno, Odhiambo, Ochieng, Onyango, Omondi, Mwangi, Kamau, Njoroge, Kariuki, Wanjiru, Wanjiku, Kimani, Kiprop, Kipchoge, Cheruiyot, Kiplagat, Mutua, Musyoka, Wambua, Nyambura, Achieng, Wafula, Barasa, Wekesa, Juma, Chege, Ndungu"),
        .init("southsudanese",
              given: "John, James, Peter, Deng, Garang, Majok, Akol, Mabior, Chol, Manyang, Kuol, Lual | Nyandeng, Achol, Ayen, Abuk, Nyibol, Akech, Adut, Aluel, Nyakuoth, Nyaruach, Mary, Rebecca",
              family: "Deng, Garang, Majok, Akol, Chol, Kuol, Lual, Mabior, Manyang, Ajak, Bol, Dut, Makuei, Mayen, Aguer, Malual, Thon, Wol, Nyok, Kuach, Gatluak, Tut"),
        .init("cameroonian",
              given: "Jean, Paul, Joseph, Serge, Hervé, Alain, Martial, Blaise, Rodrigue, Landry, Thierry, Samuel, Christian | Marie, Sandrine, Brigitte, Nadège, Carine, Ginette, Solange, Flore, Viviane, Armelle, Pélagie, Josiane, Aïcha",
              family: "Mbarga, Etoundi, Fotso, Kamga, Tchoumi, Ngono, Nana, Essomba, Atangana, Mbida, Manga, Ndzana, Owona, Tchatchoua, Njoya, Fokou, Kemajou, Tchinda, Djomo, Ngassa, Simo, Talla, Wamba, Onana, Noah"),
        .init("congolese",
              given: "Jean, Patrick, Christian, Serge, Didier, Fiston, Trésor, Dieudonné, Héritier, Glody, Exaucé, Joël, Junior, Cédric, Jonathan | Merveille, Grâce, Gloire, Divine, Ornella, Chantal, Nathalie, Espérance, Bénédicte, Arlette, Gracia, Sarah, Rachel",
              family: "Mukendi, Tshibanda, Kabongo, Ilunga, Mbuyi, Kasongo, Kalala, Lukusa, Mutombo, Nkulu, Mulumba, Kanku, Ngoy, Mbala, Makiese, Lumbala, Matondo, Nsimba, Kiala, Mbemba, Kapinga, Tshimanga, Ntumba, Ngalula, Bukasa"),
        .init("moroccan",
              given: "Mohamed, Ahmed, Youssef, Karim, Mehdi, Rachid, Hamza, Omar, Anas, Yassine, Said, Amine, Khalid, Hicham | Fatima, Khadija, Nadia, Samira, Meriem, Imane, Salma, Houda, Zineb, Hajar, Sara, Ghizlane, Nawal, Kenza",
              family: "Alaoui, El Idrissi, Bennani, Cherkaoui, Tazi, Berrada, Lahlou, El Amrani, Benjelloun, El Fassi, Bouazza, Amrani, Ouazzani, Benali, Chraibi, Kettani, Ait Ali, Ouali, Zaki, Sebti, Belhaj, Hajji, El Khatib, Bakkali"),
        .init("algerian",
              given: "Mohamed, Karim, Sofiane, Nabil, Samir, Rachid, Mourad, Bilal, Walid, Yacine, Farid, Amine, Djamel, Hakim | Fatima, Nadia, Samira, Leila, Amel, Lamia, Yasmina, Soumaya, Lina, Inès, Sabrina, Kahina, Nesrine, Dalila",
              family: "Belkacem, Meziane, Brahimi, Boukhari, Aït Ahmed, Haddad, Ziani, Benali, Bouzid, Saidi, Mansouri, Hamidi, Bensalem, Kaci, Cherif, Bouchareb, Benyahia, Hadjadj, Larbi, Mebarki, Amrouche, Boudiaf, Slimani, Touati"),
        .init("tunisian",
              given: "Mohamed, Ahmed, Ali, Sami, Hatem, Nizar, Walid, Karim, Anis, Mehdi, Aymen, Skander, Wassim | Amira, Nour, Ines, Rim, Sonia, Olfa, Syrine, Meriem, Asma, Hela, Imen, Rania, Wafa",
              family: "Trabelsi, Jaziri, Gharbi, Ben Salah, Ben Ahmed, Chaouch, Hamdi, Ayari, Jebali, Mejri, Khelifi, Sassi, Bouaziz, Riahi, Ben Ali, Dridi, Mabrouk, Hammami, Karoui, Zouari, Chebbi, Ferchichi"),
        .init("egyptian",
              given: "Mohamed, Ahmed, Mahmoud, Mostafa, Amr, Tarek, Karim, Hany, Sherif, Hossam, Khaled, Omar, Youssef, Mina, Bishoy, Fady | Mariam, Nour, Yasmine, Heba, Dina, Rania, Aya, Salma, Mona, Nada, Reem, Marwa, Shaimaa, Hala, Menna",
              family: "Hassan, Ibrahim, Mahmoud, Abdelrahman, El-Sayed, Mostafa, Fathy, Farouk, Abdel Aziz, Salem, Ragab, Shehata, Soliman, Mansour, Hamdy, Naguib, Girgis, Boutros, Fahmy, Zaki, Gaber, Helmy, Ashour, Abdallah, Saad, Kamal"),
        .init("lebanese",
              given: "Georges, Elie, Charbel, Rami, Ziad, Fadi, Karim, Tony, Joseph, Ahmad, Mohammad, Ali, Hassan, Samer, Wissam | Rana, Rima, Maya, Nour, Lara, Hiba, Yara, Dalia, Zeina, Carla, Nadine, Layal, Rasha, Lina, Farah",
              family: "Khoury, Haddad, Nassar, Hanna, Abboud, Sleiman, Saadé, Aoun, Karam, Khalil, Farah, Mansour, Awad, Hamadeh, Jaber, Saleh, Issa, Najjar, Darwish, Kassab, Saba, Tannous, Rizk, Harb, Fakhoury"),
        .init("levantine",
              given: "Ahmad, Mohammad, Mahmoud, Khaled, Omar, Hassan, Yousef, Ibrahim, Abdullah, Bassam, Mazen, Ammar, Tamer, Firas, Alaa | Hala, Rasha, Lama, Ruba, Nour, Yasmin, Rahaf, Hanan, Samar, Aya, Reem, Ghada, Dima, Sawsan, Walaa",
              family: "Al-Ahmad, Al-Hamwi, Al-Halabi, Al-Masri, Al-Khatib, Darwish, Haddad, Hamdan, Qasem, Shaheen, Saleh, Jaber, Odeh, Barghouti, Khalil, Nasser, Zaher, Sabbagh, Kanaan, Tamimi, Hijazi, Awad, Issa, Yassin, Othman"),
        .init("yemeni",
              given: "Mohammed, Ahmed, Ali, Abdullah, Saleh, Nasser, Hamid, Abdulrahman, Ameen, Waleed, Hisham, Fuad | Fatima, Aisha, Maryam, Huda, Amal, Arwa, Bushra, Samira, Afrah, Nada, Sumaya, Rehab",
              family: "Al-Hamdani, Al-Ahmar, Al-Saqqaf, Bawazir, Al-Awlaqi, Al-Aidaroos, Ghaleb, Al-Maqtari, Al-Shaibani, Qaid, Al-Haddad, Al-Kathiri, Bin Shamlan, Al-Yafei, Al-Zubairi, Al-Asbahi, Saif, Al-Eryani, Al-Qadhi, Al-Junaid"),
        .init("turkish",
              given: "Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, İbrahim, Murat, Emre, Burak, Yusuf, Ömer, Kemal, Serkan, Cem | Ayşe, Fatma, Emine, Zeynep, Elif, Merve, Esra, Büşra, Hatice, Özlem, Derya, Selin, Gül, Aylin, Ebru",
              family: "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Polat, Erdem, Korkmaz, Güneş, Aksoy, Tekin, Uçar, Bulut"),
        .init("afghan",
              given: "Ahmad, Mohammad, Abdul, Rahim, Farid, Jawad, Hamid, Nasir, Sayed, Mustafa, Wahid, Omid, Reza, Mahdi | Fatima, Zahra, Maryam, Shabnam, Parwana, Farzana, Nargis, Habiba, Laila, Mursal, Sima, Marzia, Freshta, Soraya",
              family: "Ahmadi, Rahimi, Hashimi, Karimi, Sultani, Popal, Noori, Haidari, Amiri, Hussaini, Mohammadi, Rezaei, Jafari, Safi, Sadat, Naseri, Stanikzai, Wardak, Barakzai, Durrani, Yousufzai, Hakimi, Qaderi, Azizi, Akbari, Faizi"),
        .init("pakistani",
              given: "Muhammad, Ahmed, Ali, Hassan, Bilal, Usman, Imran, Faisal, Kamran, Asif, Tariq, Zubair, Hamza, Waqas, Adnan | Ayesha, Fatima, Sana, Hina, Sadia, Amna, Maryam, Rabia, Saima, Nadia, Zainab, Mehwish, Iqra, Bushra, Kiran",
              family: "Khan, Ahmed, Ali, Hussain, Shah, Malik, Butt, Chaudhry, Qureshi, Iqbal, Raza, Sheikh, Mirza, Siddiqui, Akhtar, Javed, Aslam, Rana, Abbasi, Bhatti, Awan, Cheema, Gondal, Baig, Mughal, Rehman, Zaidi, Niazi, Afridi"),
        .init("bangladeshi",
              given: "Mohammad, Abdul, Rahim, Karim, Rafiq, Shafiq, Jahangir, Mizanur, Habibur, Anwar, Kamal, Nazrul, Sohel, Arif, Tanvir, Fahim | Nusrat, Farhana, Sharmin, Taslima, Nasrin, Sultana, Rokeya, Tahmina, Shirin, Fatema, Jannatul, Sumaiya, Mitu, Rupa, Tania",
              family: "Rahman, Hossain, Islam, Ahmed, Uddin, Akter, Chowdhury, Miah, Sarkar, Talukder, Bhuiyan, Haque, Alam, Siddique, Mollah, Sheikh, Mondal, Kabir, Karim, Khan, Das, Roy, Barua, Saha"),
        .init("hindi",
              given: "Rahul, Amit, Rohit, Vikram, Arjun, Sanjay, Rajesh, Anil, Suresh, Manoj, Deepak, Ankit, Nikhil, Aditya, Vivek | Priya, Pooja, Neha, Anjali, Kavita, Sunita, Ritu, Shruti, Sneha, Divya, Aarti, Meera, Nisha, Swati, Ananya",
              family: "Sharma, Verma, Gupta, Singh, Kumar, Mishra, Pandey, Yadav, Agarwal, Srivastava, Tiwari, Chauhan, Saxena, Joshi, Mehta, Jain, Kapoor, Malhotra, Bansal, Chaudhary, Dubey, Tripathi, Rastogi, Bhatt, Sinha"),
        .init("punjabi", languages: "pa hi",
              given: "Gurpreet, Harpreet, Manpreet, Amandeep, Harjit, Kuldeep, Balwinder, Sukhwinder, Navjot, Rajvir, Inderjit, Ravinder, Karan | Jaspreet, Simran, Harleen, Gurleen, Parminder, Jaswinder, Arshdeep, Mandeep, Jasleen, Kiranjit, Baljit, Navneet",
              family: "Sandhu, Sidhu, Gill, Dhillon, Brar, Grewal, Bains, Sekhon, Virk, Randhawa, Mann, Cheema, Bajwa, Johal, Aulakh, Dhaliwal, Toor, Hundal, Kang, Sohal, Atwal, Bhullar"),
        .init("tamil", languages: "ta en",
              given: "Karthik, Senthil, Arun, Vignesh, Prakash, Ramesh, Saravanan, Murugan, Balaji, Ganesh, Dinesh, Harish | Lakshmi, Priya, Divya, Kavitha, Meena, Revathi, Deepa, Anitha, Saranya, Nithya, Gayathri, Janani, Keerthana",
              family: "Subramanian, Krishnan, Raman, Natarajan, Venkatesan, Rajendran, Srinivasan, Balasubramanian, Murugesan, Kannan, Sundaram, Arumugam, Chandrasekaran, Ramasamy, Ganesan, Selvaraj, Shanmugam, Rajan, Mani, Iyer, Pillai, Annamalai"),
        .init("malayali", languages: "ml en",
              given: "Anoop, Arun, Biju, Jithin, Rahul, Sreejith, Vishnu, Sajan, Shibu, Vineeth, Rajeev, Joseph, Thomas, Mathew | Anju, Reshma, Divya, Aswathy, Sreelakshmi, Neethu, Sruthi, Athira, Bincy, Jincy, Shilpa, Remya, Asha, Nimmi",
              family: "Nair, Menon, Pillai, Kurup, Panicker, Varghese, Thomas, Mathew, Kurian, Joseph, Chacko, Abraham, George, Nambiar, Warrier, Krishnan, Das, Sasidharan, Gopinath, Rajan, Babu, Mohan, Koshy, Philip"),
        .init("telugu", languages: "te en",
              given: "Srinivas, Venkat, Ravi, Suresh, Naveen, Praveen, Kiran, Chaitanya, Sai, Harsha, Vamsi, Mahesh | Sravani, Lavanya, Swathi, Sirisha, Padma, Sindhu, Bhavana, Keerthi, Madhavi, Haritha, Anusha, Sowmya",
              family: "Reddy, Rao, Naidu, Chowdary, Varma, Raju, Goud, Prasad, Murthy, Sastry, Pasupuleti, Kolla, Gaddam, Nallapati, Kotha, Chintala, Vemuri, Konda, Mandava, Tummala"),
        .init("nepali",
              given: "Ram, Hari, Krishna, Bikash, Suman, Prakash, Sagar, Rajesh, Binod, Dipak, Nabin, Anil | Sita, Gita, Sarita, Sunita, Anita, Laxmi, Pooja, Sabina, Manisha, Rekha, Srijana, Asmita",
              family: "Shrestha, Thapa, Gurung, Tamang, Magar, Rai, Limbu, Adhikari, Sharma, Karki, Khadka, Bhandari, Poudel, Koirala, Basnet, Lama, Sherpa, Maharjan, Bista, Ghimire, Dahal, Acharya"),
        .init("filipino",
              given: "Jose, Juan, Mark, John Paul, Jericho, Rommel, Ronaldo, Angelo, Christian, Arnel, Edgardo, Rodel, Marlon, Jun | Maria, Mary Grace, Jennifer, Maricel, Rowena, Lorna, Marites, Joy, Kristine, Analyn, Rhea, Jasmine, Divina, Liza, Cherry",
              family: "Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Torres, Tomas, Andrada, Castillo, Flores, Villanueva, Ramos, Castro, Rivera, Aquino, Navarro, Salazar, Mercado, Dela Cruz, De Leon, Del Rosario, Manalo, Pascual, Soriano, Dizon, Tolentino, Agustin"),
        .init("chinese", familyFirst: true,
              given: "Wei, Lei, Jun, Haoran, Yuxuan, Zhiwei, Jianguo, Qiang, Tao, Hao, Yang, Bo, Chao, Xiaoming, Peng | Fang, Jing, Min, Yan, Hui, Xiaoyan, Zihan, Yiting, Jiahui, Xin, Yue, Ning, Ying, Mei, Lan, Xue",
              family: "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, He, Lin, Gao, Luo, Zheng, Liang, Xie, Song, Tang, Han, Feng, Deng, Cao, Peng"),
        .init("vietnamese", familyFirst: true,
              given: "Văn An, Văn Hùng, Đức Minh, Quốc Bảo, Hoàng Nam, Văn Nam, Minh Tuấn, Hữu Phước, Thanh Tùng, Gia Huy, Quang Huy, Văn Long, Tuấn Anh, Đình Khoa | Thị Lan, Minh Anh, Thanh Hương, Ngọc Anh, Thu Trang, Thị Mai, Bảo Ngọc, Khánh Linh, Phương Thảo, Hải Yến, Thị Hoa, Kim Oanh, Hồng Nhung",
              family: "Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý, Đinh, Trương, Lâm, Mai, Tạ, Cao, Lương, Tô"),
        .init("korean", familyFirst: true,
              given: "Min-jun, Ji-hoon, Hyun-woo, Dong-hyun, Sung-min, Jae-won, Seung-ho, Joon-ho, Kyung-soo, Tae-yang, Chul-soo, Jin-woo | Seo-yeon, Ji-woo, Soo-jin, Eun-ji, Ji-young, Hye-jin, Yu-na, Da-eun, Min-seo, Ha-eun, Young-hee, So-yeon",
              family: "Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, Kwon, Hwang, Ahn, Song, Yoo, Hong"),
        .init("indonesian",
              given: "Budi, Agus, Dedi, Eko, Rudi, Hendra, Andi, Joko, Yusuf, Rizky, Fajar, Wahyu | Siti, Dewi, Sri, Ratna, Nurul, Putri, Wulan, Rina, Lestari, Fitri, Indah, Ayu, Intan",
              family: "Santoso, Wijaya, Saputra, Hidayat, Pratama, Kusuma, Setiawan, Nugroho, Susanto, Gunawan, Halim, Purnomo, Wibowo, Rahayu, Hartono, Sutrisno, Kurniawan, Permana, Siregar, Nasution, Simanjuntak, Lubis, Harahap, Sihombing"),
        // Burmese names have no family name; the second list holds the closing syllables.
        .init("burmese",
              given: "Aung, Kyaw, Zaw, Htet, Min, Thant, Nay, Ye, Hla, Tun | Khin, Su, Thida, Nilar, Ei, Phyu, Myat, May, Thiri, Wai, Moe",
              family: "Naing, Win, Oo, Htun, Lwin, Zin, Soe, Myint, Thu, Aung, Kyaw, Hlaing, Mon, Thein, Phyo, Maung, Nwe, Mar, Khaing, Yee"),
        .init("kazakh", slavicFeminine: true,
              given: "Yerlan, Askar, Daniyar, Nurlan, Aidos, Serik, Bauyrzhan, Arman, Marat, Timur, Yerzhan, Azamat | Aigerim, Aizhan, Dana, Gulnara, Saule, Madina, Zhanar, Dinara, Aliya, Assel, Gaukhar, Ainur",
              family: "Nurlanov, Akhmetov, Suleimenov, Zhakupov, Abenov, Iskakov, Omarov, Kassymov, Bekov, Sadykov, Amanov, Zhumabaev, Utepov, Ermekov, Kairatov, Serikbayev, Zhunusov, Mukanov, Tulegenov, Baimukhamedov"),
        .init("uzbek", slavicFeminine: true,
              given: "Alisher, Bekzod, Jasur, Sardor, Otabek, Rustam, Dilshod, Farrukh, Sherzod, Ulugbek, Javlon, Bobur | Dilnoza, Gulnora, Nilufar, Madina, Malika, Shahlo, Zarina, Feruza, Mohira, Sevara, Nodira, Dildora",
              family: "Karimov, Rashidov, Yusupov, Abdullaev, Tursunov, Rakhimov, Nazarov, Ismoilov, Usmonov, Mirzaev, Sobirov, Khodjaev, Saidov, Ergashev, Aliev, Umarov, Yuldashev, Kholmatov, Mamatov, Juraev, Akhmedov"),
        .init("russian", slavicFeminine: true,
              given: "Aleksandr, Sergey, Dmitry, Andrey, Alexey, Maxim, Ivan, Mikhail, Nikolai, Vladimir, Pavel, Artyom | Elena, Olga, Natalia, Tatiana, Irina, Svetlana, Anna, Maria, Ekaterina, Yulia, Anastasia, Marina, Daria",
              family: "Ivanov, Smirnov, Kuznetsov, Popov, Vasiliev, Petrov, Sokolov, Mikhailov, Novikov, Fedorov, Morozov, Volkov, Alekseev, Lebedev, Semenov, Egorov, Pavlov, Kozlov, Stepanov, Nikolaev, Orlov, Andreev, Makarov, Zaitsev, Belov"),
        .init("ukrainian",
              given: "Oleksandr, Andriy, Dmytro, Serhiy, Volodymyr, Mykola, Ivan, Yuriy, Taras, Bohdan, Vasyl, Oleh, Maksym | Olena, Oksana, Tetiana, Natalia, Iryna, Yulia, Kateryna, Svitlana, Olha, Halyna, Anastasiia, Mariia, Viktoriia, Daria, Sofiia",
              family: "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Boyko, Melnyk, Kovalchuk, Oliynyk, Shevchuk, Polishchuk, Lysenko, Marchenko, Rudenko, Savchenko, Petrenko, Moroz, Koval, Tkachuk, Kravchuk, Pavlenko, Levchenko, Karpenko, Ivanenko, Hnatyuk, Zinchenko, Honchar"),
        .init("polish", slavicFeminine: true,
              given: "Piotr, Krzysztof, Andrzej, Tomasz, Paweł, Michał, Marcin, Jakub, Grzegorz, Łukasz, Kamil, Mateusz, Wojciech, Adam | Anna, Maria, Katarzyna, Małgorzata, Agnieszka, Barbara, Ewa, Magdalena, Joanna, Aleksandra, Monika, Zofia, Natalia, Karolina, Justyna",
              family: "Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Kwiatkowski, Krawczyk, Piotrowski, Grabowski, Nowakowski, Pawłowski, Michalski, Nowicki, Adamczyk, Dudek, Zając, Wieczorek, Jabłoński, Król, Majewski, Olszewski"),
        .init("romanian",
              given: "Ion, Gheorghe, Vasile, Constantin, Andrei, Mihai, Alexandru, Adrian, Florin, Cristian, Marius, Ionuț, Bogdan | Maria, Elena, Ioana, Andreea, Mihaela, Cristina, Alina, Gabriela, Simona, Daniela, Roxana, Ana, Raluca, Ramona",
              family: "Popescu, Ionescu, Popa, Pop, Radu, Dumitru, Stoica, Stan, Gheorghe, Rusu, Munteanu, Matei, Constantin, Ciobanu, Moldovan, Marin, Lungu, Ene, Dobre, Barbu, Nistor, Florea, Tudor, Dinu, Preda, Cristea, Toma, Sârbu"),
        .init("albanian",
              given: "Arben, Besnik, Gentian, Ilir, Erion, Fatmir, Agron, Dritan, Klodian, Artan, Ermal, Luan | Elona, Anila, Mirela, Blerina, Teuta, Arta, Fatjona, Ledia, Dorina, Jonida, Valbona, Eriola, Enkeleda",
              family: "Hoxha, Shehu, Dervishi, Leka, Kola, Gjoka, Marku, Prifti, Çela, Duka, Lika, Hysa, Bregu, Basha, Muça, Meta, Kelmendi, Berisha, Gashi, Krasniqi, Toska, Zeneli, Hasani, Dibra"),
        .init("italian",
              given: "Giuseppe, Giovanni, Antonio, Marco, Luca, Francesco, Alessandro, Andrea, Matteo, Lorenzo, Davide, Stefano, Salvatore | Giulia, Francesca, Chiara, Sara, Martina, Valentina, Alessia, Federica, Elena, Silvia, Laura, Anna, Rosa, Giovanna",
              family: "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, Fontana, Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli, Martini, Leone"),
        .init("portuguese", secondSurname: 50,
              given: "José, João, António, Manuel, Francisco, Joaquim, Carlos, Rui, Paulo, Nuno, Miguel, Tiago | Maria, Ana, Isabel, Conceição, Fátima, Catarina, Inês, Sofia, Joana, Rita, Marta, Cristina, Luísa, Helena",
              family: "Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Jesus, Sousa, Fernandes, Gonçalves, Gomes, Lopes, Marques, Alves, Almeida, Ribeiro, Pinto, Carvalho, Teixeira, Moreira, Correia, Mendes, Nunes, Soares, Vieira, Monteiro, Cardoso, Rocha"),
        .init("brazilian", secondSurname: 40,
              given: "João, Pedro, Lucas, Gabriel, Mateus, Rafael, Gustavo, Felipe, Thiago, Bruno, Rodrigo, Marcelo, Leonardo, André | Ana, Maria, Juliana, Fernanda, Camila, Beatriz, Larissa, Letícia, Mariana, Aline, Patrícia, Vanessa, Bruna, Luana, Gabriela",
              family: "Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro, Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Rocha, Dias, Nascimento, Andrade, Moreira, Nunes, Marques, Machado, Mendes, Freitas, Cardoso"),
        .init("caboverdean", secondSurname: 30,
              given: "Admilson, Edson, Elton, Hélder, Nelson, Ivanildo, Adilson, Jailson, Carlos, Manuel, Aristides, Amílcar | Djanira, Nilza, Odete, Celeste, Lucinda, Maria, Ana, Zenaida, Edna, Neusa, Ivone, Vanda, Elisângela, Dulce, Sónia",
              family: "Tavares, Fernandes, Lopes, Semedo, Monteiro, Gomes, Varela, Furtado, Moreno, Borges, Rodrigues, Silva, Fortes, Delgado, Andrade, Pina, Brito, Cabral, Évora, Spencer, Barros, Duarte, Livramento, Sanches, Veiga, Mendes"),
        .init("mozambican",
              given: "António, Manuel, Armando, Celso, Hélio, Edson, Fernando, Alberto, Castigo, Dércio | Fátima, Amélia, Graça, Luísa, Célia, Marta, Albertina, Benvinda, Felizarda, Joana, Rosita, Esperança",
              family: "Macuácua, Cossa, Mondlane, Nhantumbo, Sitoe, Mabunda, Langa, Tembe, Machava, Bila, Manhiça, Cumbe, Muianga, Chauque, Mucavele, Massingue, Novela, Zandamela, Matsinhe, Guambe, Mussa, Nhaca"),
        .init("shona",
              given: "Tendai, Tatenda, Farai, Tinashe, Takudzwa, Tafadzwa, Kudakwashe, Blessing, Simbarashe, Tapiwa, Munyaradzi, Tonderai | Rutendo, Chipo, Nyasha, Rumbidzai, Ruvimbo, Tsitsi, Vimbai, Nokuthula, Precious, Memory, Chiedza, Fadzai, Shamiso",
              family: "Moyo, Ncube, Sibanda, Dube, Ndlovu, Mpofu, Nyathi, Chikwanha, Mutasa, Chinembiri, Mapfumo, Chigumba, Mhlanga, Chiweshe, Mukwena, Marufu, Gumbo, Shumba, Mandaza, Zhou, Makoni, Chirwa, Mutendi"),
        .init("sotho",
              given: "Thabo, Teboho, Tumelo, Tshepo, Katleho, Mosa, Lehlohonolo, Thabang, Lebohang, Motlatsi, Mpho | Lerato, Palesa, Rethabile, Lineo, Limpho, Mamello, Nthabiseng, Puleng, Refiloe, Keneuoe, Masechaba",
              family: "Mokoena, Mohapi, Molapo, Letsie, Mokhele, Sekhonyana, Lebona, Phakoe, Mahao, Thamae, Makhetha, Rakotsoane, Ntho, Motsamai, Lerotholi, Mothibeli, Khomari, Tau, Masupha, Moleko, Letsoela"),
        .init("hispanic", secondSurname: 60,
              given: "José, Juan, Luis, Carlos, Jesús, Miguel, Francisco, Alejandro, Jorge, Ricardo, Eduardo, Fernando, Roberto, Javier, Manuel, Daniel | Guadalupe, María, Ana, Rosa, Sofía, Valeria, Gabriela, Alejandra, Fernanda, Daniela, Carmen, Leticia, Verónica, Patricia, Adriana, Karla, Yesenia, Mariana, Lucía",
              family: "Hernández, García, Martínez, López, González, Pérez, Rodríguez, Sánchez, Ramírez, Cruz, Flores, Gómez, Morales, Vázquez, Reyes, Jiménez, Torres, Díaz, Gutiérrez, Ruiz, Mendoza, Aguilar, Ortiz, Moreno, Castillo, Romero, Álvarez, Chávez, Rivera, Juárez, Domínguez, Ramos, Herrera, Medina, Castro, Vargas, Guzmán, Rojas, Salazar, Orellana"),
        .init("southamerican", secondSurname: 50,
              given: "Santiago, Sebastián, Mateo, Nicolás, Andrés, Camilo, Felipe, Julián, Diego, Alejandro, Juan David, Juan Pablo, Martín, Gustavo | Valentina, Camila, Isabella, Daniela, Mariana, Laura, Natalia, Paula, Andrea, Luisa, Carolina, Catalina, Gabriela, Martina, Florencia, Agustina",
              family: "Rodríguez, Gómez, González, Martínez, García, López, Hernández, Sánchez, Ramírez, Pérez, Díaz, Moreno, Álvarez, Muñoz, Romero, Rojas, Vargas, Castro, Ortiz, Suárez, Fernández, Giménez, Benítez, Acosta, Silva, Ríos, Ospina, Cardona, Restrepo, Betancourt"),
        .init("andean", secondSurname: 70,
              given: "Juan, Luis, Jorge, Carlos, Wilber, Edwin, Fredy, Wilmer, Rubén, Marco, Édgar, Víctor, Jhon, Jhonatan | Yolanda, Rosa, Maribel, Elizabeth, Gladys, Nélida, Ruth, Flor, Margarita, Milagros, Lizbeth, Yessenia, Katherine, Roxana",
              family: "Quispe, Mamani, Condori, Huamán, Flores, Choque, Apaza, Chambi, Ticona, Vargas, Mendoza, Rojas, Gutiérrez, Torres, Ramos, Cárdenas, Paredes, Villca, Coaquira, Cusi, Yupanqui, Huanca, Poma, Sánchez, Chávez, Guamán, Tenesaca, Andrango"),
        .init("haitian",
              given: "Jean, Pierre, Wilson, Frantz, Réginald, Ricardo, Jean-Claude, Emmanuel, Wesner, Jonas, Stanley, Wilner | Dieula, Marie, Nadège, Rose-Marie, Guerline, Mirlande, Widline, Nadine, Fabiola, Manoucheka, Esther, Judith, Guerda, Islande, Roseline, Ketly",
              family: "Jean-Baptiste, Pierre, Joseph, Louis, Charles, Étienne, Saint-Louis, Jean-Louis, Augustin, François, Célestin, Noël, Paul, Michel, Alexis, Dorvil, Fils-Aimé, Exantus, Toussaint, Dorméus, Lafortune, Bien-Aimé, Chéry, Désir, Moïse, Hyppolite, Métellus, Pierre-Louis, Baptiste"),
        .init("jamaican",
              given: "Andre, Kemar, Dwayne, Shane, Jermaine, Omar, Marlon, Damion, Ricardo, Kevin, Garfield, Delroy, Orville | Shanice, Tanisha, Kimberley, Shauna, Nadine, Latoya, Keisha, Tamika, Simone, Sherika, Monique, Alicia, Nicole, Kerry-Ann, Jodian",
              family: "Brown, Williams, Campbell, Smith, Johnson, Thompson, Clarke, Francis, Reid, Gordon, Lewis, Morgan, Grant, Stewart, Walker, Wright, Robinson, Henry, Bailey, Scott, Palmer, Edwards, Allen, Green, McKenzie, Blake, Wilson, Anderson, Powell, Samuels"),
        .init("anglo",
              given: "James, Oliver, Jack, Harry, Thomas, William, George, Daniel, Matthew, Ben, Sam, Chris, David, Liam | Emily, Sophie, Charlotte, Jessica, Olivia, Emma, Hannah, Lucy, Sarah, Laura, Rebecca, Amy, Rachel, Katie, Megan",
              family: "Smith, Jones, Williams, Taylor, Brown, Davies, Evans, Wilson, Thomas, Johnson, Roberts, Robinson, Thompson, Wright, Walker, White, Edwards, Hughes, Green, Hall, Lewis, Harris, Clarke, Wood, Turner, Martin, Cooper, Hill, Ward, Morris, MacDonald, Campbell, Stewart, Murray, O'Brien, Kelly"),
        .init("samoan",
              given: "Tavita, Ioane, Iosefa, Falaniko, Sefo, Lui, Malae, Pita, Filipo, Mikaele, Tupe, Afa | Mele, Losa, Sina, Fetu, Lupe, Leilani, Talia, Malia, Eseta, Siniva, Teuila, Fiafia",
              family: "Tuilagi, Faleolo, Leota, Sapolu, Tuimavave, Aumua, Faamausili, Tauiliili, Matagi, Pulu, Vaifale, Fuimaono, Tuiasosopo, Soliai, Lemalu, Salave'a, Afamasaga, Toleafoa, Seiuli, Amituanai"),
        .init("fijian",
              given: "Josefa, Semi, Waisale, Apisai, Isoa, Jone, Peni, Maika, Tevita, Viliame, Eroni | Mere, Losana, Litia, Salote, Akanisi, Unaisi, Kelera, Vika, Asenaca, Seini, Miriama",
              family: "Naivalu, Waqa, Koroi, Seru, Nadolo, Volavola, Cakau, Rokotuiwai, Tuivaga, Baleiwai, Ravouvou, Naisoro, Qarau, Tabua, Lewaravu, Vakacegu, Nawaqa, Tuilevuka"),
    ]
}
