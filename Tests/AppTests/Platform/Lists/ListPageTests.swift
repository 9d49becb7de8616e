@testable import App
import Foundation
import Testing
import Vapor

/// The list page's pieces on their own: its URL read and written back, its cursors, and what its
/// filter disclosure says.
@Suite("List page")
struct ListPageTests {
    /// A list whose positions are plain numbers, as a later feature's could be.
    enum NumberCursor: ListCursor {
        case after(Int)

        init?(plainText: String) {
            guard plainText.hasPrefix("n:"), let value = Int(plainText.dropFirst(2)), value > 0 else { return nil }
            self = .after(value)
        }

        var plainText: String {
            switch self {
            case .after(let value): "n:\(value)"
            }
        }
    }

    static let filters = [
        ListParameters.Filter(name: "colour") { ["red", "green", "blue", "a+b"].contains($0) || $0.hasPrefix("c") },
        ListParameters.Filter(name: "size") { ["s", "m", "l"].contains($0) },
    ]

    func read(_ app: Application, _ query: String, headers: HTTPHeaders = [:]) -> ListParameters.Reading {
        let request = Request(application: app, url: URI(string: "/things?\(query)"), headers: headers, on: app.eventLoopGroup.next())
        return ListParameters.read(request, filters: Self.filters, cursor: NumberCursor.self)
    }

    @Test func aPagesAddressReadsBackAsTheSameSearch() async throws {
        try await withApp { app async throws in
            let cursor = NumberCursor.after(42).encoded
            let search = ListParameters(text: "café & co + 100% \"quoted\" é=1", filters: ["colour": ["red", "a+b"], "size": ["m"]], cursor: cursor)
            let query = search.queryString(order: ["colour", "size"], cursor: cursor)
            #expect(query.hasPrefix("q=caf%C3%A9%20%26%20co%20%2B%20100%25"))
            #expect(query.contains("colour=red&colour=a%2Bb&size=m&cursor="))
            let reading = read(app, query)
            #expect(reading.errors.isEmpty)
            #expect(reading.parameters == search)
            #expect(reading.parameters.activeFilterCount == 3)
            // Without a cursor, the address of the first page of the same search.
            #expect(!search.queryString(order: ["colour", "size"]).contains("cursor"))
            #expect(ListParameters().queryString(order: ["colour"]) == "")
        }
    }

    @Test func valuesAreCheckedAgainstTheListsBounds() async throws {
        try await withApp { app async throws in
            let many = (1...11).map { "colour=c\($0)" }.joined(separator: "&")
            let tooMany = read(app, many + "&size=xl&size=s&size=s&q=" + String(repeating: "a", count: 201))
            #expect(tooMany.parameters.filters["colour"]?.count == ListParameters.maximumValuesPerFilter)
            #expect(tooMany.parameters.filters["size"] == ["s"])
            #expect(tooMany.parameters.text.count == ListParameters.maximumTextLength)
            #expect(Set(tooMany.errors.entries.map(\.field)) == ["colour", "size", "q"])
            #expect(tooMany.errors.entries.first { $0.field == "size" }?.key == "profile.error.code")
            #expect(tooMany.errors.entries.first { $0.field == "colour" }?.key == "profile.error.tooMany")
            // Other parameters are not the list's business.
            #expect(read(app, "other=1&size=l").errors.isEmpty)
            // A query shaped as nothing a list reads is reported, not a crash.
            let unreadable = read(app, "q[x]=1")
            #expect(unreadable.unreadable)
            #expect(unreadable.errors.entries.map(\.key) == ["list.error.query"])
        }
    }

    @Test func cursorsTravelOpaqueAndOnlyTheListsOwnAreAccepted() async throws {
        let cursor = NumberCursor.after(7)
        #expect(cursor.encoded != cursor.plainText)
        #expect(NumberCursor(encoded: cursor.encoded) == cursor)
        let refused = [
            "nonsense", "", "%%%", Data("n:0".utf8).base64URLEncodedString(), Data("n:-3".utf8).base64URLEncodedString(),
            Data("p:7".utf8).base64URLEncodedString(), Data("n:7 ".utf8).base64URLEncodedString(),
            Data(("n:" + String(repeating: "1", count: 60)).utf8).base64URLEncodedString(), String(repeating: "A", count: 65),
        ]
        for encoded in refused {
            #expect(NumberCursor(encoded: encoded) == nil, "\(encoded)")
        }
        // The directory's: positions and offsets within its candidates, nothing else.
        #expect(DirectoryCursor(encoded: DirectoryCursor.after(12).encoded) == .after(12))
        #expect(DirectoryCursor(encoded: DirectoryCursor.offset(20).encoded) == .offset(20))
        for plain in ["p:0", "o:0", "o:\(DirectorySearch.candidateLimit)", "x:1", "p:", "o:1.5"] {
            #expect(DirectoryCursor(encoded: Data(plain.utf8).base64URLEncodedString()) == nil, "\(plain)")
        }
        try await withApp { app async throws in
            let bad = read(app, "size=s&cursor=" + Data("n:x".utf8).base64URLEncodedString())
            #expect(bad.cursorRefused)
            #expect(bad.parameters.cursor == nil)
            #expect(bad.parameters.filters["size"] == ["s"])
            #expect(bad.errors.entries.map(\.field) == ["cursor"])
            #expect(bad.errors.entries.map(\.key) == ["list.error.cursor"])
            let good = read(app, "cursor=" + cursor.encoded)
            #expect(!good.cursorRefused && good.errors.isEmpty)
            #expect(good.parameters.cursor.flatMap(NumberCursor.init(encoded:)) == cursor)
        }
    }

    @Test func theDisclosureSaysHowManyFiltersAreActiveInEachLanguage() async throws {
        #expect(PluralRule(0, locale: .fr) == .one && PluralRule(1, locale: .fr) == .one && PluralRule(2, locale: .fr) == .other)
        #expect(PluralRule(0, locale: .en) == .other && PluralRule(1, locale: .en) == .one && PluralRule(1, locale: .es) == .one && PluralRule(0, locale: .es) == .other)
        try await withApp { app async throws in
            func summary(_ active: Int, _ language: String) -> String {
                let request = Request(application: app, url: URI(string: "/things"), headers: ["Accept-Language": language], on: app.eventLoopGroup.next())
                return ListPage<String>.filtersSummary(active, request: request)
            }
            #expect(summary(0, "en") == "Filters")
            #expect(summary(1, "en") == "Filters (1 active)")
            #expect(summary(3, "en") == "Filters (3 active)")
            #expect(summary(1, "fr") == "Filtres (1 actif)")
            #expect(summary(3, "fr") == "Filtres (3 actifs)")
            #expect(summary(1, "es") == "Filtros (1 activo)")
            #expect(summary(12, "es") == "Filtros (12 activos)")
            #expect(summary(1200, "en") == "Filters (1,200 active)")
        }
    }
}
