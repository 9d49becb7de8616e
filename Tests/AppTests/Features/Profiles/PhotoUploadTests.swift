@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Profile photos")
struct PhotoUploadTests {
    func photoHash(_ app: Application, _ member: Member) async throws -> String? {
        try await MemberProfile.find(try member.requireID(), on: app.db)?.photoHash
    }

    @Test func anUploadedPhotoIsServedForeverCacheableWithItsRealType() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            try await makeProfile(app, for: member, visibility: .public)
            var browser = try await signedIn(app)
            let response = try await uploadPhotoForm(app, samplePNG(), filename: "me.jpg", declaredType: "image/jpeg", as: &browser)
            #expect(response.status == .seeOther)
            let hash = try #require(try await photoHash(app, member))
            try await app.testing().test(.GET, "/media/\(hash)") { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.description == "image/png")
                #expect(res.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(Array(res.body.readableBytesView) == samplePNG())
            }
            try await app.testing().test(.GET, "/media/\(String(repeating: "0", count: 64))") { res async throws in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/media/..%2F..%2Fetc%2Fpasswd") { res async throws in #expect([.notFound, .forbidden].contains(res.status)) }
        }
    }

    @Test func aPhotoIsServedToThoseWhoMaySeeItsProfileAndToNoOneOnceNoProfileShowsIt() async throws {
        try await withApp { app async throws in
            let owner = try await makeMember(app)
            try await makeProfile(app, for: owner, visibility: .members)
            let other = try await makeMember(app, email: "bintou@example.org", name: "Bintou Sow")
            var browser = try await signedIn(app)
            #expect(try await uploadPhotoForm(app, samplePNG(), filename: "me.png", declaredType: "image/png", as: &browser).status == .seeOther)
            let hash = try #require(try await photoHash(app, owner))
            // A visitor is not told the file exists.
            try await app.testing().test(.GET, "/media/\(hash)") { res async throws in #expect(res.status == .notFound) }
            // Another member gets it, as a private copy checked again on every use.
            _ = other
            let otherToken = try await signedIn(app, email: "bintou@example.org").headers
            try await app.testing().test(.GET, "/media/\(hash)", headers: otherToken) { res async throws in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .cacheControl) == "private, no-cache")
                #expect(Array(res.body.readableBytesView) == samplePNG())
            }
            var revalidation = otherToken
            revalidation.replaceOrAdd(name: .ifNoneMatch, value: "\"\(hash)\"")
            try await app.testing().test(.GET, "/media/\(hash)", headers: revalidation) { res async throws in #expect(res.status == .notModified) }
            // Not even a 304 once the viewer may no longer see it.
            var visitorRevalidation = HTTPHeaders()
            visitorRevalidation.replaceOrAdd(name: .ifNoneMatch, value: "\"\(hash)\"")
            try await app.testing().test(.GET, "/media/\(hash)", headers: visitorRevalidation) { res async throws in #expect(res.status == .notFound) }

            // A suspended owner's photo is shown to no one else.
            owner.suspendedAt = Date()
            try await owner.save(on: app.db)
            try await app.testing().test(.GET, "/media/\(hash)", headers: otherToken) { res async throws in #expect(res.status == .notFound) }
            owner.suspendedAt = nil
            try await owner.save(on: app.db)

            // A profile that stops showing it (here: the row is changed without the service, so
            // the bytes are still stored) takes the photo with it at once.
            let profile = try #require(try await MemberProfile.find(try owner.requireID(), on: app.db))
            profile.photoHash = nil
            try await profile.save(on: app.db)
            #expect(try await MediaFile.find(hash, on: app.db) != nil)
            try await app.testing().test(.GET, "/media/\(hash)", headers: otherToken) { res async throws in #expect(res.status == .notFound) }
        }
    }

    static let hostile: [(name: String, bytes: [UInt8], filename: String, type: String, message: String)] = [
        ("PHP named .jpg", Array("<?php system($_GET['c']); ?>".utf8), "shell.jpg", "image/jpeg", "not a JPEG, PNG or WebP"),
        ("PNG header claiming 100000×100000", ImageInspectorTests.Make.png(width: 100_000, height: 100_000, metadata: false), "big.png", "image/png", "larger than 4,096 × 4,096 pixels"),
        ("truncated JPEG", Array(ImageInspectorTests.Make.jpeg(metadata: false).dropLast(7)), "cut.jpg", "image/jpeg", "damaged or incomplete"),
        ("HTML declared image/png", Array("<!doctype html><script>alert(1)</script>".utf8), "page.png", "image/png", "not a JPEG, PNG or WebP"),
        ("SVG", Array(#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.utf8), "x.svg", "image/svg+xml", "not a JPEG, PNG or WebP"),
        ("empty file", [], "empty.png", "image/png", "Choose a photo"),
    ]

    @Test(arguments: 0..<hostile.count)
    func hostileUploadsAreRefusedWithAMessageAndNothingStored(index: Int) async throws {
        let upload = Self.hostile[index]
        try await withApp { app async throws in
            let member = try await makeMember(app)
            var browser = try await signedIn(app)
            let response = try await uploadPhotoForm(app, upload.bytes, filename: upload.filename, declaredType: upload.type, as: &browser)
            #expect(response.status == .unprocessableEntity, "\(upload.name)")
            #expect(response.body.contains(upload.message), "\(upload.name)")
            #expect(response.body.contains(#"id="f-photo-error""#))
            #expect(try await photoHash(app, member) == nil)
            #expect(try await MediaFile.query(on: app.db).count() == 0)
            // The API refuses the same bytes, naming the field.
            try await app.testing().test(.PUT, "/api/v1/me/photo", headers: try await bearer(app, for: member).adding(contentType: upload.type),
                                         body: ByteBuffer(bytes: upload.bytes)) { res async throws in
                #expect(res.status == .unprocessableEntity)
                #expect(try problemFields(res).first == "photo")
            }
        }
    }

    @Test func replacingAndRemovingAPhotoDeletesBytesNoOneShows() async throws {
        try await withApp { app async throws in
            let amina = try await makeMember(app)
            let omar = try await makeMember(app, email: "omar@example.org", name: "Omar")
            let aminaHeaders = try await bearer(app, for: amina)
            let omarHeaders = try await bearer(app, for: omar)
            func put(_ bytes: [UInt8], _ headers: HTTPHeaders) async throws {
                try await app.testing().test(.PUT, "/api/v1/me/photo", headers: headers.adding(contentType: "image/png"), body: ByteBuffer(bytes: bytes)) { res async throws in
                    #expect(res.status == .ok)
                    #expect(try res.content.decode(ProfilesAPI.ProfileBody.self).photoURL?.hasPrefix("/media/") == true)
                }
            }
            try await put(samplePNG(width: 3), aminaHeaders)
            try await put(samplePNG(width: 3), omarHeaders)
            #expect(try await MediaFile.query(on: app.db).count() == 1)
            try await put(samplePNG(width: 5), aminaHeaders)
            // The first image is still Omar's photo.
            #expect(try await MediaFile.query(on: app.db).count() == 2)
            try await app.testing().test(.DELETE, "/api/v1/me/photo", headers: omarHeaders) { res async throws in #expect(res.status == .noContent) }
            #expect(try await MediaFile.query(on: app.db).count() == 1)
            try await app.testing().test(.DELETE, "/api/v1/me/photo", headers: aminaHeaders) { res async throws in #expect(res.status == .noContent) }
            #expect(try await MediaFile.query(on: app.db).count() == 0)
        }
    }

    /// Two requests that read then write at once must wait for each other, not fail: on SQLite a
    /// transaction that read before another's write could not write afterwards ("database is
    /// locked", a 500) until transactions took the write lock first (`writeTransaction`). A
    /// request that waited past the pool's timeout for a connection (the whole suite shares two
    /// cores) is answered 503 with Retry-After: overload, never a 500.
    @Test func photosChangedAtTheSameTimeAreAllSaved() async throws {
        try await withApp { app async throws in
            var headers: [HTTPHeaders] = []
            for number in 0..<4 {
                let member = try await makeMember(app, email: "member\(number)@example.org", name: "Member \(number)")
                headers.append(try await bearer(app, for: member))
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for round in 0..<2 {
                    for (index, header) in headers.enumerated() {
                        group.addTask {
                            let deleting = (round + index) % 2 == 1
                            let response = try await app.testing().sendRequest(
                                deleting ? .DELETE : .PUT, "/api/v1/me/photo",
                                headers: deleting ? header : header.adding(contentType: "image/png"),
                                body: deleting ? nil : ByteBuffer(bytes: samplePNG(width: 3 + round))
                            )
                            return response.status
                        }
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.count == 8)
            #expect(statuses.allSatisfy { [.ok, .noContent, .serviceUnavailable].contains($0) }, "\(statuses)")
            #expect(statuses.contains { $0 == .ok || $0 == .noContent })
        }
    }

    @Test func anUploadOverFiveMegabytesIsRefused() async throws {
        try await withApp { app async throws in
            let member = try await makeMember(app)
            let bytes = samplePNG() + [UInt8](repeating: 0, count: 5 * 1024 * 1024)
            try await app.testing().test(.PUT, "/api/v1/me/photo", headers: try await bearer(app, for: member).adding(contentType: "image/png"), body: ByteBuffer(bytes: bytes)) { res async throws in
                // A real server stops reading at the route's limit (413); the in-memory test
                // application hands over the whole body, which the image check then refuses.
                #expect([.payloadTooLarge, .unprocessableEntity].contains(res.status))
            }
            #expect(try await MediaFile.query(on: app.db).count() == 0)
        }
    }
}

extension HTTPHeaders {
    func adding(contentType: String) -> HTTPHeaders {
        var headers = self
        headers.replaceOrAdd(name: .contentType, value: contentType)
        return headers
    }
}
