import App
import Foundation
import Logging
import Vapor

/// Parses the command, builds the application from the environment, runs the command.
@main
enum Entrypoint {
    static func main() async {
        let environment = detectEnvironment()
        let root = FileManager.default.currentDirectoryPath
        var configuration: AppConfiguration
        do {
            configuration = try AppConfiguration(environment: ProcessInfo.processInfo.environment, rootDirectory: root)
        } catch {
            fail(error.description)
        }
        let asksForHelp = environment.arguments.contains { $0 == "--help" || $0 == "-h" }
        if asksForHelp {
            // Help describes the commands; it must not create or open the configured database.
            configuration.database = .sqliteMemory
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
            if (command == "serve" || command == "migrate") && !asksForHelp {
                try await checkDatabaseConnection(app)
            }
            try await app.execute()
        } catch {
            printError(StartupFailure.describe(error, database: configuration.database))
            exitCode = 1
        }
        try? await app.asyncShutdown()
        if exitCode != 0 { exit(exitCode) }
    }

    /// Vapor's environment from `--env` (or `VAPOR_ENV`); without either it is `production`, not
    /// Vapor's `development`: the site behaves the same in both (error pages never show detail,
    /// the log level is `LOG_LEVEL`'s, templates are cached unless `LEAF_RELOAD=1`), and
    /// production is what Vapor's own parts should assume when a fresh clone runs `serve`.
    static func detectEnvironment() -> Environment {
        let arguments = ProcessInfo.processInfo.arguments
        let named = arguments.contains { $0 == "--env" || $0 == "-e" || $0.hasPrefix("--env=") }
            || ProcessInfo.processInfo.environment["VAPOR_ENV"] != nil
        do {
            let detected = try Environment.detect(arguments: arguments)
            return named ? detected : Environment(name: Environment.production.name, arguments: detected.arguments)
        } catch {
            fail("\(error)")
        }
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
