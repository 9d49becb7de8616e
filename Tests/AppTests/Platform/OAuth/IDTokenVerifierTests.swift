@testable import App
import Foundation
import Testing

@Suite("ID token checks")
struct IDTokenVerifierTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func claims(_ fields: [String: Any]) throws -> IDTokenClaims {
        var base: [String: Any] = ["iss": "https://sso.example.org", "sub": "s1", "aud": "client", "exp": 1_800_000_300, "iat": 1_800_000_000, "nonce": "n1"]
        base.merge(fields) { _, new in new }
        return try JSONDecoder().decode(IDTokenClaims.self, from: JSONSerialization.data(withJSONObject: base))
    }

    private var verifier: IDTokenVerifier {
        IDTokenVerifier(issuers: ["https://sso.example.org"], clientID: "client", nonce: "n1", nonceRequired: true, now: now)
    }

    private func rejection(_ fields: [String: Any]) throws -> IDTokenRejection? {
        let decoded = try claims(fields)
        do {
            try verifier.check(decoded)
            return nil
        } catch {
            return error
        }
    }

    @Test func aGoodTokenPassesWithinTheLeeway() throws {
        #expect(try rejection([:]) == nil)
        #expect(try rejection(["exp": 1_800_000_000 - 30]) == nil)
        #expect(try rejection(["iat": 1_800_000_000 + 30]) == nil)
        #expect(try rejection(["aud": ["client"], "azp": "client"]) == nil)
    }

    @Test func eachWrongClaimHasItsOwnReason() throws {
        #expect(try rejection(["iss": "https://sso.example.org/"]) == .wrongIssuer)
        #expect(try rejection(["aud": "other"]) == .wrongAudience)
        #expect(try rejection(["aud": ["client", "other"]]) == .wrongAudience)
        #expect(try rejection(["aud": ["client", "other"], "azp": "other"]) == .wrongAudience)
        #expect(try rejection(["exp": 1_800_000_000 - 61]) == .expired)
        #expect(try rejection(["iat": 1_800_000_000 + 120]) == .issuedInFuture)
        #expect(try rejection(["nonce": "n2"]) == .wrongNonce)
        #expect(try rejection(["sub": ""]) == .missingSubject)
        var withoutNonce = try claims([:])
        withoutNonce = try JSONDecoder().decode(IDTokenClaims.self, from: JSONSerialization.data(withJSONObject: ["iss": withoutNonce.iss, "sub": "s1", "aud": "client", "exp": 1_800_000_300]))
        #expect(throws: IDTokenRejection.wrongNonce) { try verifier.check(withoutNonce) }
        // LinkedIn leaves the nonce out; a wrong one is still refused.
        let linkedIn = IDTokenVerifier(issuers: ["https://sso.example.org"], clientID: "client", nonce: "n1", nonceRequired: false, now: now)
        #expect(throws: Never.self) { try linkedIn.check(withoutNonce) }
        #expect(throws: IDTokenRejection.wrongNonce) { try linkedIn.check(try claims(["nonce": "n2"])) }
    }

    @Test func unsignedAndSymmetricTokensAreRefusedBeforeAnyKeyIsFetched() async throws {
        for alg in ["none", "HS256", "RS999"] {
            let header = Data(#"{"alg":"\#(alg)","kid":"k"}"#.utf8).base64URLEncodedString()
            let body = Data(#"{"iss":"https://sso.example.org","sub":"s1","aud":"client","exp":1800000300,"nonce":"n1"}"#.utf8).base64URLEncodedString()
            await #expect(throws: IDTokenRejection.unsupportedAlgorithm) {
                _ = try await verifier.verify("\(header).\(body).") { _ in
                    Issue.record("no key may be fetched for \(alg)")
                    return nil
                }
            }
        }
        await #expect(throws: IDTokenRejection.malformed) {
            _ = try await verifier.verify("not-a-token") { _ in nil }
        }
    }

    @Test func emailVerifiedIsOnlyTrueWhenTheProviderSaysSo() throws {
        #expect(try claims(["email": "a@example.org", "email_verified": true]).emailVerified)
        #expect(try claims(["email": "a@example.org", "email_verified": "true"]).emailVerified)
        #expect(try !claims(["email": "a@example.org", "email_verified": "yes"]).emailVerified)
        #expect(try !claims(["email": "a@example.org"]).emailVerified)
        #expect(try claims(["given_name": "Ana", "family_name": "Silva"]).displayName == "Ana Silva")
    }

    @Test func theChallengeIsTheRFC7636Example() {
        // RFC 7636 Appendix B.
        #expect(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }
}
