import App
import Foundation
import Logging
import Vapor

/// Parses the command, builds the application from the environment, runs the command.
@main
enum Entrypoint {
    static func main() async {
        var environment: Environment
        do {
            environment = try Environment.detect()
        } catch {
            fail("\(error)")
        }
        let root = FileManager.default.currentDirectoryPath
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration(environment: ProcessInfo.processInfo.environment, rootDirectory: root)
        } catch {
            fail(error.description)
        }
        bootstrapLogging(configuration)

        let app: Application
        do {
            app = try await Application.make(environment)
        } catch {
            fail("\(error)")
        }
        var exitCode: Int32 = 0
        do {
            try await configure(app, with: configuration)
            let command = commandName(environment.arguments)
            if command == "serve" || command == "migrate" {
                try await checkDatabaseConnection(app)
            }
            // The server creates or upgrades its schema on start so a fresh clone just runs.
            if command == "serve" {
                try await app.autoMigrate()
                try await loadSiteSecret(app)
                // `--demo` is ours, not Vapor's serve command's.
                if app.environment.arguments.contains("--demo") {
                    app.environment.arguments.removeAll { $0 == "--demo" }
                    try await seedDemoIfEmpty(app)
                }
                startBackgroundWork(app)
            }
            try await app.execute()
        } catch {
            printError(StartupFailure.describe(error, database: configuration.database))
            exitCode = 1
        }
        try? await app.asyncShutdown()
        if exitCode != 0 { exit(exitCode) }
    }

    /// The command being run; `serve` is the default, so no command, or only flags, means serve.
    static func commandName(_ arguments: [String]) -> String {
        guard arguments.count > 1, !arguments[1].hasPrefix("-") else { return "serve" }
        return arguments[1]
    }

    static func bootstrapLogging(_ configuration: AppConfiguration) {
        let level = configuration.logLevel
        switch configuration.logFormat {
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        case .text:
            LoggingSystem.bootstrap { label in TextLogHandler(label: label, level: level) }
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("opendiaspora: \(message)\n".utf8))
    }

    static func fail(_ message: String) -> Never {
        printError(message)
        exit(1)
    }
}
