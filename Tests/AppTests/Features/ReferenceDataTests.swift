@testable import App
import Foundation
import Testing
import Vapor

@Suite("Reference data")
struct ReferenceDataTests {
    struct Listing: Decodable {
        struct Item: Decodable {
            let code: String
            let name: String
            let sector: String?
            let number: Int?
        }
        let locale: String
        let items: [Item]
    }

    @Test func theListsHoldWhatTheIssueAsksFor() async throws {
        try await withApp { app async throws in
            let data = app.referenceData
            #expect(data.countries.entries.count >= 249)
            #expect(data.countries.entries.allSatisfy { $0.code.count == 2 && $0.code == $0.code.uppercased() })
            #expect(data.languages.entries.count >= 180)
            #expect((60...90).contains(data.skills.entries.count))
            #expect(data.skills.entries.allSatisfy { data.sectors.contains($0.group ?? "") })
            #expect(data.topics.entries.map(\.number) == (1...17).map { $0 })
            #expect(data.countries.label("SN", .fr) == "Sénégal")
            #expect(data.countries.label("MA", .es) == "Marruecos")
            #expect(data.languages.label("wo", .en) == "Wolof")
        }
    }

    @Test func namesAreSortedForTheReadersLanguage() async throws {
        try await withApp { app async throws in
            var listing: Listing?
            try await app.testing().test(.GET, "/api/v1/reference/countries?locale=fr") { res async throws in
                #expect(res.status == .ok)
                listing = try res.content.decode(Listing.self)
            }
            let names = try #require(listing).items.map(\.name)
            // "Égypte" sorts with the E's in French, not after "Zimbabwe".
            let egypt = try #require(names.firstIndex(of: "Égypte"))
            let spain = try #require(names.firstIndex(of: "Espagne"))
            #expect(egypt < spain)
            #expect(names.first == "Afghanistan")
        }
    }

    @Test func eachListAnswersInTheAskedLanguageOrTheNegotiatedOne() async throws {
        try await withApp { app async throws in
            try await app.testing().test(.GET, "/api/v1/reference/skills?locale=es") { res async throws in
                let listing = try res.content.decode(Listing.self)
                #expect(listing.locale == "es")
                #expect(listing.items.contains { $0.code == "nursing" && $0.name == "Enfermería" && $0.sector == "health" })
            }
            try await app.testing().test(.GET, "/api/v1/reference/topics", headers: ["Accept-Language": "fr"]) { res async throws in
                let listing = try res.content.decode(Listing.self)
                #expect(listing.locale == "fr")
                #expect(listing.items.first?.name == "Pas de pauvreté")
                #expect(listing.items.first?.number == 1)
            }
            try await app.testing().test(.GET, "/api/v1/reference/languages?locale=de") { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res).first == "locale")
            }
        }
    }
}
