@testable import App
import Foundation
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    let root = FileManager.default.temporaryDirectory.path

    func parse(_ environment: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        try AppConfiguration(environment: environment, rootDirectory: root)
    }

    func error(_ environment: [String: String]) -> ConfigurationError? {
        do {
            _ = try parse(environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func withNothingSetItUsesTheSQLiteFileInTheWorkingFolder() throws {
        let configuration = try parse([:])
        #expect(configuration.database == .sqliteFile(path: root + "/opendiaspora.sqlite"))
        #expect(configuration.publicURL.absoluteString == "http://127.0.0.1:8080")
        #expect(configuration.logLevel == .info)
        #expect(configuration.logFormat == .text)
        #expect(!configuration.isSecure)
    }

    @Test func sqliteURLsTakeAbsoluteAndRelativePaths() throws {
        #expect(try parse(["DATABASE_URL": "sqlite://\(root)/data.sqlite"]).database == .sqliteFile(path: root + "/data.sqlite"))
        #expect(try parse(["DATABASE_URL": "sqlite://data.sqlite"]).database == .sqliteFile(path: root + "/data.sqlite"))
    }

    @Test func anSQLiteFileInAMissingFolderIsRefused() {
        let failure = error(["DATABASE_URL": "sqlite:///no/such/folder/data.sqlite"])
        #expect(failure?.variable == "DATABASE_URL")
        #expect(failure?.description.contains("/no/such/folder") == true)
    }

    @Test func postgresURLsAreAccepted() throws {
        let url = "postgres://user:secret@db.example:5433/diaspora"
        #expect(try parse(["DATABASE_URL": url]).database == .postgres(url: url))
        #expect(try parse(["DATABASE_URL": "postgresql://u@localhost/d"]).database == .postgres(url: "postgresql://u@localhost/d"))
    }

    @Test func aPostgresURLWithoutDatabaseIsRefused() {
        #expect(error(["DATABASE_URL": "postgres://user@localhost"])?.variable == "DATABASE_URL")
    }

    @Test func anUnknownSchemeIsRefusedWithoutEchoingThePassword() {
        let failure = error(["DATABASE_URL": "mysql://root:hunter2@localhost/db"])
        #expect(failure?.variable == "DATABASE_URL")
        #expect(failure?.description.contains("postgres://") == true)
        #expect(failure?.description.contains("hunter2") == false)
    }

    @Test func publicURLMustBeAnAbsoluteWebAddress() throws {
        #expect(error(["PUBLIC_URL": "diaspora.example.org"])?.variable == "PUBLIC_URL")
        #expect(error(["PUBLIC_URL": "ftp://diaspora.example.org"])?.variable == "PUBLIC_URL")
        let secure = try parse(["PUBLIC_URL": "https://diaspora.example.org/"])
        #expect(secure.isSecure)
        #expect(secure.publicURL.absoluteString == "https://diaspora.example.org")
    }

    @Test func logSettingsAreChecked() throws {
        #expect(try parse(["LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json"]).logLevel == .debug)
        #expect(try parse(["LOG_FORMAT": "json"]).logFormat == .json)
        #expect(error(["LOG_LEVEL": "loud"])?.variable == "LOG_LEVEL")
        #expect(error(["LOG_FORMAT": "xml"])?.variable == "LOG_FORMAT")
    }

    @Test func poolSizeMustBeInRange() throws {
        #expect(try parse(["DATABASE_POOL_SIZE": "8"]).databasePoolSize == 8)
        #expect(error(["DATABASE_POOL_SIZE": "0"])?.variable == "DATABASE_POOL_SIZE")
        #expect(error(["DATABASE_POOL_SIZE": "many"])?.variable == "DATABASE_POOL_SIZE")
    }

    @Test func blankValuesCountAsUnset() throws {
        #expect(try parse(["DATABASE_URL": "  ", "LOG_LEVEL": ""]).logLevel == .info)
    }

    @Test func startupFailuresNeverShowTheDatabasePassword() {
        let text = StartupFailure.describe(.postgres(url: "postgres://u:hunter2@db:5432/d"))
        #expect(text.contains("db:5432/d"))
        #expect(!text.contains("hunter2"))
    }
}
