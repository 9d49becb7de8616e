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
