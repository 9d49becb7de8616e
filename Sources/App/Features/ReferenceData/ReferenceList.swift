import Foundation

/// One coded thing members choose from (a country, a language, a skill, a topic): a stable code
/// that travels in URLs, JSON and the database, and a label per language.
struct ReferenceEntry: Sendable {
    let code: String
    let labels: [AppLocale: String]
    /// The code of the group it belongs to (a skill's sector), if any.
    let group: String?
    /// A number that belongs to the thing itself (a Sustainable Development Goal's number).
    let number: Int?

    func label(_ locale: AppLocale) -> String { labels[locale] ?? labels[.en] ?? code }
}

/// A list of reference entries with lookups by code and the order in which each language sorts
/// them, computed once at start.
struct ReferenceList: Sendable {
    let entries: [ReferenceEntry]
    private let indexByCode: [String: Int]
    private let sorted: [AppLocale: [ReferenceEntry]]

    /// `keepOrder` keeps the file's order (topics are numbered, sectors curated); otherwise the
    /// entries are sorted by their label in each language.
    init(_ entries: [ReferenceEntry], keepOrder: Bool = false) throws {
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() {
            guard index.updateValue(position, forKey: entry.code) == nil else { throw ReferenceDataError.duplicateCode(entry.code) }
            for locale in AppLocale.allCases where (entry.labels[locale] ?? "").isEmpty {
                throw ReferenceDataError.missingLabel(entry.code, locale.rawValue)
            }
        }
        self.entries = entries
        self.indexByCode = index
        var sorted: [AppLocale: [ReferenceEntry]] = [:]
        for locale in AppLocale.allCases {
            let collation = Locale(identifier: locale.rawValue)
            sorted[locale] = keepOrder ? entries : entries.sorted {
                $0.label(locale).compare($1.label(locale), options: [.caseInsensitive, .diacriticInsensitive], locale: collation) == .orderedAscending
            }
        }
        self.sorted = sorted
    }

    /// A list with no entries: every code is unknown.
    static let empty = ReferenceList(entries: [], indexByCode: [:], sorted: [:])

    private init(entries: [ReferenceEntry], indexByCode: [String: Int], sorted: [AppLocale: [ReferenceEntry]]) {
        self.entries = entries
        self.indexByCode = indexByCode
        self.sorted = sorted
    }

    func contains(_ code: String) -> Bool { indexByCode[code] != nil }

    func entry(_ code: String) -> ReferenceEntry? { indexByCode[code].map { entries[$0] } }

    func label(_ code: String, _ locale: AppLocale) -> String { entry(code)?.label(locale) ?? code }

    /// Every entry in the order a reader of `locale` expects.
    func sorted(for locale: AppLocale) -> [ReferenceEntry] { sorted[locale] ?? entries }

    /// The codes that are not in the list, in order, for validation messages.
    func unknown(_ codes: [String]) -> [String] { codes.filter { !contains($0) } }
}

enum ReferenceDataError: Error, CustomStringConvertible {
    case duplicateCode(String)
    case missingLabel(String, String)
    case unreadable(String, any Error)

    var description: String {
        switch self {
        case .duplicateCode(let code): "reference data: code \(code) appears twice"
        case .missingLabel(let code, let locale): "reference data: \(code) has no \(locale) label"
        case .unreadable(let file, let error): "reference data: cannot read \(file): \(error)"
        }
    }
}
