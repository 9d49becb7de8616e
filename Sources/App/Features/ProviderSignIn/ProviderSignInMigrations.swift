import Fluent
import SQLKit

/// Trips to providers in progress, found by state digest; swept by expiry.
struct CreateProviderSignInAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProviderSignInAttempt.schema)
            .id()
            .field("state_hash", .string, .required)
            .field("binding_hash", .string, .required)
            .field("provider", .string, .required)
            .field("nonce", .string, .required)
            .field("code_verifier", .string, .required)
            .field("session_id", .uuid)
            .field("return_to", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "state_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "provider_sign_in_attempts_expires_at").on(ProviderSignInAttempt.schema).column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProviderSignInAttempt.schema).delete()
    }
}

/// New members waiting on the confirmation page, found by their browser's binding; swept by expiry.
struct CreatePendingProviderSignUps: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PendingProviderSignUp.schema)
            .id()
            .field("binding_hash", .string, .required)
            .field("provider", .string, .required)
            .field("issuer", .string, .required)
            .field("subject", .string, .required)
            .field("email", .string)
            .field("email_verified", .bool, .required)
            .field("display_name", .string)
            .field("picture_url", .string)
            .field("return_to", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "pending_provider_sign_ups_binding_hash").on(PendingProviderSignUp.schema).column("binding_hash").column("created_at").run()
        try await sql.create(index: "pending_provider_sign_ups_expires_at").on(PendingProviderSignUp.schema).column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PendingProviderSignUp.schema).delete()
    }
}
