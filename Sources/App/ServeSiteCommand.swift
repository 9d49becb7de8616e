import Vapor

/// `opendiaspora serve [--demo]`: upgrades the schema, loads the site's key, optionally adds demo
/// data, starts the background worker and live delivery's listener, then serves with Vapor's own server command. Ours so that
/// `serve --help` lists `--demo` (and, like every `--help`, opens no database: see the entrypoint).
struct ServeSiteCommand: AsyncCommand, Sendable {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "The host name or address to listen on (default 127.0.0.1).")
        var hostname: String?

        @Option(name: "port", short: "p", help: "The port to listen on (default 8080).")
        var port: Int?

        @Option(name: "bind", short: "b", help: "Host and port together, as HOST:PORT.")
        var bind: String?

        @Option(name: "unix-socket", help: "Listen on this unix domain socket instead.")
        var socketPath: String?

        @Flag(name: "demo", help: "On an empty database, first add synthetic demo data (300 members who cannot sign in).")
        var demo: Bool

        init() {}
    }

    var help: String { "Serves the site over HTTP, creating or upgrading the database schema first." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        // The server creates or upgrades its schema on start so a fresh clone just runs.
        try await app.autoMigrate()
        try await loadSiteSecret(app)
        if signature.demo {
            try await seedDemoIfEmpty(app)
        }
        try await startBackgroundWork(app)
        startLiveDelivery(app)
        var forwarded = ["serve"]
        if let hostname = signature.hostname { forwarded += ["--hostname", hostname] }
        if let port = signature.port { forwarded += ["--port", String(port)] }
        if let bind = signature.bind { forwarded += ["--bind", bind] }
        if let socketPath = signature.socketPath { forwarded += ["--unix-socket", socketPath] }
        var serveContext = CommandContext(console: context.console, input: CommandInput(arguments: forwarded))
        serveContext.application = app
        try await app.servers.asyncCommand.run(using: &serveContext)
    }
}
