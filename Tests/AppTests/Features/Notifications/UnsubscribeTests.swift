@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Notifications: unsubscribing from mail")
struct UnsubscribeTests {
    /// A member with one mail sent about `kinds.message`, and that mail's unsubscribe path.
    func mailedMember(_ app: Application, _ kinds: TestKinds, email: String = "amina@example.org") async throws -> (Member, String) {
        let member = try await makeMember(app, email: email)
        try await announce(app, kinds.message, to: member, from: nil)
        try app.manualClock.advance(by: 15 * 60 + 1)
        let mail = try #require(try await mails(app, to: member.email).last)
        return (member, try #require(mail.unsubscribePath))
    }

    func delivery(_ app: Application, _ kind: NotificationKind, of member: Member) async throws -> MailDelivery {
        try await NotificationQueries.delivery(of: kind, for: member.requireID(), on: app.db)
    }

    @Test func openingTheLinkChangesNothingAndItsButtonUnsubscribesSignedOut() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let (amina, path) = try await mailedMember(app, kinds)
            var visitor = Browser()
            let token = try await visit(app, path, as: &visitor)
            try await app.testing().test(.GET, path) { res async throws in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(htmlEscaped(try catalogText("notifications.unsubscribe.submit"))))
            }
            #expect(try await delivery(app, kinds.message, of: amina) == .immediately)
            let done = htmlEscaped(try catalogText("notifications.unsubscribe.doneHeading"))
            try await submit(app, path, [:], as: &visitor, csrf: token) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(done))
            }
            #expect(try await delivery(app, kinds.message, of: amina) == .off)
            #expect(try await delivery(app, kinds.request, of: amina) == .daily)
        }
    }

    @Test func aOneClickPostFromTheMailClientUnsubscribesWithoutSessionOrToken() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let (amina, path) = try await mailedMember(app, kinds)
            try await app.testing().test(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: "List-Unsubscribe=One-Click")) { res async throws in
                #expect(res.status == .ok)
            }
            #expect(try await delivery(app, kinds.message, of: amina) == .off)
            // Mail owed for that kind is dropped too.
            try await announce(app, kinds.message, to: amina, from: nil, group: "later")
            try app.manualClock.advance(by: 15 * 60 + 1)
            #expect(try await mails(app, to: amina.email).count == 1)
        }
    }

    @Test func aOneClickPostSentAsMultipartFormDataUnsubscribesToo() async throws {
        // RFC 8058 section 3.2: the POST "SHOULD" be multipart/form-data, as some providers send it.
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let (amina, path) = try await mailedMember(app, kinds)
            let boundary = "----od1click7MA4YWxkTrZu0gW"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--\(boundary)--\r\n"
            try await app.testing().test(.POST, path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(string: body)) { res async throws in
                #expect(res.status == .ok)
            }
            #expect(try await delivery(app, kinds.message, of: amina) == .off)
            // Other types are still refused before anything is read.
            try await app.testing().test(.POST, path, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: "{}")) { res async throws in
                #expect(res.status == .unsupportedMediaType)
            }
        }
    }

    @Test func aTokenCannotBeForgedNorTurnedToAnotherMemberOrKind() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let (amina, path) = try await mailedMember(app, kinds)
            let binta = try await makeMember(app, email: "binta@example.org", name: "Binta Sow")
            let token = String(path.dropFirst("/unsubscribe/".count))
            let signature = try #require(token.split(separator: ".").last)
            func payload(_ text: String) -> String { Data(text.utf8).base64URLEncodedString() }
            let forged = [
                // Binta's id with Amina's signature.
                payload("\(try binta.requireID().uuidString.lowercased())|tests.message") + "." + signature,
                // Another kind, or every kind, with the signature of one.
                payload("\(try amina.requireID().uuidString.lowercased())|tests.request") + "." + signature,
                payload("\(try amina.requireID().uuidString.lowercased())|*") + "." + signature,
                // Made with another key.
                UnsubscribeToken(member: try binta.requireID(), scope: "tests.message").encoded(with: SiteSecret.configured("another site's key, long enough to be a key: 0123456789")),
                "nonsense", String(repeating: "a", count: 400),
            ]
            for bad in forged {
                try await app.testing().test(.POST, "/unsubscribe/\(bad)", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: "List-Unsubscribe=One-Click")) { res async throws in
                    #expect(res.status == .notFound)
                }
                try await apiJSON(app, .POST, "/notifications/unsubscribe", body: ["token": bad]) { res async throws in
                    #expect(res.status == .unprocessableEntity)
                    #expect(try problemFields(res) == ["token"])
                }
            }
            #expect(try await delivery(app, kinds.message, of: binta) == .immediately)
            #expect(try await delivery(app, kinds.request, of: amina) == .daily)
            #expect(try await delivery(app, kinds.message, of: amina) == .immediately)
            // The genuine token works through the API too, signed out.
            try await apiJSON(app, .POST, "/notifications/unsubscribe", body: ["token": token]) { res async throws in
                #expect(res.status == .noContent)
            }
            #expect(try await delivery(app, kinds.message, of: amina) == .off)
        }
    }

    @Test func aDigestListingSeveralKindsStopsThemAllByItsHeaderAndEachByItsOwnLink() async throws {
        try await withApp { app async throws in
            let kinds = TestKinds(registeringIn: app)
            let amina = try await makeMember(app)
            try await NotificationQueries.save([(kinds.summary, .daily)], for: amina.requireID(), now: app.clock.now, on: app.db)
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-08T07:00:00Z")))
            try await announce(app, kinds.request, to: amina, from: nil, group: "a")
            try await announce(app, kinds.summary, to: amina, from: nil, group: "b")
            try app.manualClock.set(try #require(ISO8601DateFormatter().date(from: "2026-12-08T08:30:00Z")))
            try await SendNotificationDigests().run(in: app)
            let mail = try #require(try await mails(app, to: amina.email).first)
            #expect(mail.text.components(separatedBy: "/unsubscribe/").count - 1 == 2)
            try await app.testing().test(.POST, try #require(mail.unsubscribePath), headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: "List-Unsubscribe=One-Click")) { res async throws in
                #expect(res.status == .ok)
            }
            let all = try await NotificationQueries.deliveries(for: amina.requireID(), kinds: app.notificationKinds.all, on: app.db)
            #expect(all.allSatisfy { $0.delivery == .off })
        }
    }

    @Test func accountSecurityMailCarriesNoUnsubscribeHeaders() async throws {
        try await withApp { app async throws in
            let amina = try await makeMember(app)
            var browser = Browser()
            try await submit(app, "/password/forgot", ["email": amina.email], as: &browser) { res in
                #expect(res.status == .ok)
            }
            let sent = try await mails(app, to: amina.email)
            #expect(sent.count == 1)
            #expect(sent.first?.headers.isEmpty == true)
            #expect(sent.first?.text.contains("/unsubscribe/") == false)
        }
    }

    @Test func extraHeadersAreWrittenAndCannotBreakTheirLine() throws {
        #expect(!MailHeader(name: "X-Test", value: "a\r\nBcc: victim@example.org").isValid)
        #expect(!MailHeader(name: "Bad:Name", value: "x").isValid)
        #expect(!MailHeader(name: "Subject", value: "x").isValid)
        #expect(!MailHeader(name: "Content-Type", value: "text/html").isValid)
        #expect(MailHeader(name: "List-Unsubscribe", value: "<https://example.org/unsubscribe/x>").isValid)
        let mail = OutgoingMail(from: "site@example.org", to: "amina@example.org", subject: "Hi", textBody: "Hello",
                                extraHeaders: [MailHeader(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click")])
        let text = String(decoding: try MailMessageEncoder.encode(mail).bytes, as: UTF8.self)
        #expect(text.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
        var injected = mail
        injected.extraHeaders = [MailHeader(name: "X-Test", value: "a\r\nBcc: victim@example.org")]
        #expect(throws: MailMessageError.self) { try MailMessageEncoder.encode(injected) }
        // A mail keeps only valid headers, and they survive the outbox.
        #expect(Mail(to: MailAddress(name: nil, address: "a@example.org"), subject: "s", text: "t", html: nil,
                     headers: [MailHeader(name: "X-Test", value: "a\nb")]).headers.isEmpty)
    }
}

@Suite("Accounts: time zone")
struct MemberTimeZoneTests {
    @Test func theAccountPageSavesAKnownZoneAndRefusesOthersByTheField() async throws {
        try await withApp { app async throws in
            let amina = try await makeMember(app)
            var browser = try await signedIn(app)
            let token = try await visit(app, "/account", as: &browser)
            try await app.testing().test(.GET, "/account", headers: browser.headers) { res async throws in
                #expect(res.body.string.contains(#"name="timeZone" value="UTC""#))
                #expect(res.body.string.contains("data-guess-time-zone"))
            }
            let expectedError = htmlEscaped(try catalogText("account.error.timeZone.unknown"))
            try await submit(app, "/account/time-zone", ["timeZone": "Mars/Olympus_Mons"], as: &browser, csrf: token) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains(expectedError))
                #expect(res.body.string.contains(#"value="Mars/Olympus_Mons""#))
            }
            try await submit(app, "/account/time-zone", ["timeZone": "Africa/Dakar"], as: &browser, csrf: token) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await Member.find(amina.id, on: app.db)?.timeZone == "Africa/Dakar")
        }
    }

    @Test func theAPISetsTheZoneAndNamesTheFieldWhenWrong() async throws {
        try await withApp { app async throws in
            let amina = try await makeMember(app)
            let headers = try await bearer(app, for: amina)
            for bad in ["", "GMT+25", "Europe/Nowhere", String(repeating: "A", count: 100)] {
                try await api(app, .PUT, "/me/time-zone", json: ["timeZone": bad], headers: headers) { res async throws in
                    #expect(res.status == .unprocessableEntity)
                    #expect(try problemFields(res) == ["timeZone"])
                }
            }
            try await api(app, .PUT, "/me/time-zone", json: ["timeZone": "America/Sao_Paulo"], headers: headers) { res async throws in
                #expect(res.status == .ok)
                #expect(try res.content.decode(AccountsAPI.MemberBody.self).timeZone == "America/Sao_Paulo")
            }
            try await api(app, .GET, "/me", headers: headers) { res async throws in
                #expect(try res.content.decode(AccountsAPI.MemberBody.self).timeZone == "America/Sao_Paulo")
            }
        }
    }

    @Test func joiningKeepsTheBrowsersZoneWhenKnownAndIgnoresAnyOther() async throws {
        try await withApp { app async throws in
            for (email, guess, expected) in [("tokyo@example.org", "Asia/Tokyo", "Asia/Tokyo"), ("mars@example.org", "Mars/Olympus_Mons", "UTC")] {
                var browser = Browser()
                let form = ["email": email, "displayName": "Newcomer", "password": goodPassword, "consent": "1", "timeZone": guess]
                try await submit(app, "/join", form, as: &browser) { res in
                    #expect(res.status == .ok)
                }
                _ = try await outbox(app)
                #expect(try await Member.withEmail(email, on: app.db).first()?.timeZone == expected)
            }
            // The join page carries the hidden field the script fills.
            try await app.testing().test(.GET, "/join") { res async throws in
                #expect(res.body.string.contains(#"<input type="hidden" name="timeZone" value="">"#))
            }
        }
    }
}
