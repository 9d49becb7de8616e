@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Saves a profile for `member` directly (no request), as the profile form would.
@discardableResult
func makeProfile(
    _ app: Application, for member: Member, visibility: ProfileVisibility = .public, headline: String = "", city: String = "",
    origins: [String] = ["SN"], residence: String? = "FR", languages: [String] = ["fr"], skills: [String] = [], interests: [String] = [],
    bio: String = "", links: [String] = [], openToContact: Bool = false
) async throws -> ProfileDetails {
    var profile = ProfileDetails(memberID: try member.requireID(), displayName: member.displayName)
    profile.exists = true
    profile.visibility = visibility
    profile.headline = headline
    profile.city = city
    profile.bio = bio
    profile.links = links
    profile.openToContact = openToContact
    profile.codes = ProfileCodes(origins: origins, residence: residence, languages: languages, expertise: skills, interests: interests)
    try await ProfileService.save(profile, on: app.db, reference: app.referenceData, now: app.clock.now)
    return profile
}

/// A member with a saved profile, in one call.
@discardableResult
func makeMemberWithProfile(
    _ app: Application, email: String, name: String, visibility: ProfileVisibility = .public, verified: Bool = true,
    suspended: Bool = false, origins: [String] = ["SN"], residence: String? = "FR", languages: [String] = ["fr"],
    skills: [String] = [], interests: [String] = [], headline: String = "", city: String = ""
) async throws -> Member {
    let member = try await makeMember(app, email: email, name: name, verified: verified, suspended: suspended)
    try await makeProfile(app, for: member, visibility: visibility, headline: headline, city: city, origins: origins,
                          residence: residence, languages: languages, skills: skills, interests: interests)
    return member
}

/// A bearer header for `member` (a real personal token).
func bearer(_ app: Application, for member: Member) async throws -> HTTPHeaders {
    let principal = try member.principal(via: .session(id: UUID(), csrfToken: ""))
    let created = try await APITokenQueries.create(name: "tests", for: principal, on: app.db)
    var headers = HTTPHeaders()
    headers.bearerAuthorization = BearerAuthorization(token: created.secret)
    return headers
}

/// A small valid PNG (from the image inspector's test builders).
func samplePNG(width: Int = 3, height: Int = 2) -> [UInt8] {
    ImageInspectorTests.Make.png(width: width, height: height, metadata: false)
}

/// Posts the photo form as a browser does: multipart, with a file name and a declared type.
func uploadPhotoForm(_ app: Application, _ bytes: [UInt8], filename: String, declaredType: String, as browser: inout Browser) async throws -> (status: HTTPStatus, body: String) {
    let token = try await visit(app, "/me/profile", as: &browser)
    let boundary = "----odtest\(UUID().uuidString)"
    var body = ByteBuffer()
    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(token)\r\n")
    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\(filename)\"\r\nContent-Type: \(declaredType)\r\n\r\n")
    body.writeBytes(bytes)
    body.writeString("\r\n--\(boundary)--\r\n")
    var headers = browser.headers
    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
    var result: (HTTPStatus, String)?
    try await app.testing().test(.POST, "/me/photo", headers: headers, body: body) { res async throws in result = (res.status, res.body.string) }
    return try #require(result)
}
