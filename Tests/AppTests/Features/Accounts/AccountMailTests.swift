@testable import App
import Foundation
import Testing

@Suite("Account mail text")
struct AccountMailTests {
    /// The link's label ends with the language's own colon (French: a no-break space before it),
    /// and the link stands alone on the next line so mail programs make it clickable.
    @Test func thePlainTextLabelsTheLinkInEachLanguage() throws {
        let catalogs = try Catalogs.load(from: repositoryRoot + "/Resources/Locales")
        let expected: [AppLocale: String] = [.en: "Confirm my address:", .fr: "Confirmer mon adresse\u{00A0}:", .es: "Confirmar mi dirección:"]
        for locale in AppLocale.allCases {
            let member = Member(email: "awa@example.org", passwordHash: nil, displayName: "Awa", locale: locale)
            let mail = AccountMail.verification(to: member, link: "https://example.org/verify?t=1", catalogs: catalogs)
            let label = catalogs.text("mail.verify.action", locale: locale)
            #expect(mail.text.contains("\n\n" + catalogs.text("mail.actionLine", locale: locale, arguments: ["action": label]) + "\nhttps://example.org/verify?t=1\n\n"))
            #expect(mail.text.contains(expected[locale]!), "\(locale.rawValue): \(mail.text)")
            #expect(!mail.text.contains("mail."), "\(locale.rawValue) shows a key: \(mail.text)")
        }
    }
}
