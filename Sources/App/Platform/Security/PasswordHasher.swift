import Crypto
import Foundation
import Vapor

/// Hashes and checks passwords with bcrypt off the event loop. Passwords may be up to 128
/// characters but bcrypt reads only 72 bytes, so the password is first reduced to its SHA-256
/// digest (base64, 44 bytes) — no two long passwords collide on a shared prefix.
public struct PasswordHasher: Sendable {
    public let cost: Int
    let threadPool: NIOThreadPool

    public func hash(_ password: String) async throws -> String {
        let input = Self.prehash(password)
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(input, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        let input = Self.prehash(password)
        return try await threadPool.runIfActive { try Bcrypt.verify(input, created: hash) }
    }

    /// Spends the time of a real check, so an unknown email cannot be told from a wrong password by timing.
    public func verifyNothing(_ password: String) async {
        _ = try? await hash(password)
    }

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}

extension Application {
    /// The password hasher, at the cost the configuration sets.
    public var passwordHasher: PasswordHasher {
        PasswordHasher(cost: appConfiguration.passwordHashCost, threadPool: threadPool)
    }
}

extension Request {
    public var passwordHasher: PasswordHasher { application.passwordHasher }
}
