@testable import App
import Testing

@Suite("ICC profile check")
struct ICCProfileCheckTests {
    typealias Make = ImageInspectorTests.Make
    typealias Profile = ImageInspector.ICCProfile

    private static func changing(_ range: Range<Int>, to bytes: [UInt8], in profile: [UInt8] = Make.iccProfile(tags: 2)) -> [UInt8] {
        var profile = profile
        profile.replaceSubrange(range, with: bytes)
        return profile
    }

    @Test func wellFormedProfilesPass() {
        #expect(Profile.isWellFormed(Make.iccProfile()))
        #expect(Profile.isWellFormed(Make.iccProfile(tags: 20, padding: 100)))
        #expect(Profile.isWellFormed(Make.iccProfile(padding: Profile.maximumByteCount - Make.iccProfile().count)))
    }

    @Test func everyBrokenPartIsNoticed() {
        let profile = Make.iccProfile(tags: 2)
        let secondTag = 128 + 4 + 12

        #expect(!Profile.isWellFormed(Self.changing(0..<4, to: Make.be32(profile.count - 1))))
        #expect(!Profile.isWellFormed(Self.changing(0..<4, to: Make.be32(profile.count + 1))))
        #expect(!Profile.isWellFormed(Self.changing(36..<40, to: Array("ascp".utf8))))
        #expect(!Profile.isWellFormed(Self.changing(128..<132, to: Make.be32(0))))
        #expect(!Profile.isWellFormed(Self.changing(128..<132, to: Make.be32(3_000_000_000))))
        #expect(!Profile.isWellFormed(Self.changing(128..<132, to: Make.be32(100))))
        #expect(!Profile.isWellFormed(Self.changing((secondTag + 4)..<(secondTag + 8), to: Make.be32(profile.count))))
        #expect(!Profile.isWellFormed(Self.changing((secondTag + 8)..<(secondTag + 12), to: Make.be32(21))))
        #expect(!Profile.isWellFormed(Self.changing((secondTag + 8)..<(secondTag + 12), to: Make.be32(0xFFFF_FFFF))))
        // Tag data inside the header or the tag table.
        #expect(!Profile.isWellFormed(Self.changing((secondTag + 4)..<(secondTag + 8), to: Make.be32(16))))
        #expect(!Profile.isWellFormed(Array(profile.prefix(131))))
        #expect(!Profile.isWellFormed([]))
        #expect(!Profile.isWellFormed(Make.iccProfile(padding: Profile.maximumByteCount)))
    }

    @Test func everyTruncationIsRefusedWithoutCrashing() {
        let profile = Make.iccProfile(tags: 3)

        #expect((0..<profile.count).allSatisfy { !Profile.isWellFormed(Array(profile[..<$0])) })
    }
}
