import Fluent
import Leaf
import Vapor

/// Every feature, once, in dependency order: a feature may use the features listed before it.
/// Adding a feature is adding its folder and its line here (README: "Adding a feature").
let appFeatures: [any Feature] = [
    PlatformFeature(),
    ReferenceDataFeature(),
    AccountsFeature(),
    ProfilesFeature(),
    NotificationsFeature(),
    DemoFeature(),
    DirectoryFeature(),
    ConnectionsFeature(),
    MessagingFeature(),
    SuggestionsFeature(),
    ProviderSignInFeature(),
    HomeFeature(),
    PrivacyFeature(),
]

/// Builds the application from its configuration: database, templates, middleware, then the
/// features. The server and every test call this same function.
public func configure(_ app: Application, with configuration: AppConfiguration) async throws {
    app.appConfiguration = configuration
    let root = configuration.rootDirectory
    app.directory = DirectoryConfiguration(workingDirectory: root)

    app.catalogs = try ShippedFiles.parse(app.directory.resourcesDirectory + "Locales", with: Catalogs.load(from:))
    app.siteSecrets = SiteSecretStore(configuredKey: configuration.secretKey)
    app.pageCache = PageCache()
    app.passwordPolicy = try ShippedFiles.parse(app.directory.resourcesDirectory + "Data/common-passwords.txt", with: PasswordPolicy.load(from:))
    if let smtpURL = configuration.smtpURL {
        app.mailTransport = SMTPMailTransport(configuration: try SMTPConfiguration.parse(url: smtpURL), eventLoopGroup: app.eventLoopGroup, logger: app.logger)
    }
    app.assetVersions = AssetVersions(publicDirectory: app.directory.publicDirectory, files: ["css/site.css", "js/site.js", "js/messages.js"])
    app.useTemplates(reloading: configuration.reloadTemplates)

    // After the resources are found, so a server started from the wrong folder creates no database there.
    try DatabaseSetup.use(configuration.database, poolSize: configuration.databasePoolSize, on: app)
    try await SQLitePragmas.apply(on: app)

    app.http.server.configuration.responseCompression = .enabledForCompressibleTypes
    // A connection that neither sends nor receives for this long is closed: a client that
    // stalls, and one whose refused body the server stopped reading. Longer than the 60 s
    // idle pools of common load balancers, so the server is never the one to cut a pooled link.
    app.http.server.configuration.idleTimeout = .seconds(75)
    // Calls to sign-in providers go exactly where configured: a token endpoint never redirects.
    app.http.client.configuration.redirectConfiguration = .disallow
    app.middleware = Middlewares()
    app.middleware.use(MiddlewareChain(middlewares: [
        RequestLogMiddleware(),
        SecurityHeadersMiddleware(),
        ContentLanguageMiddleware(),
        AppErrorMiddleware(),
        StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory),
        // Static files above need no database; everything below knows who is calling.
        MemberAuthenticator(),
        // Before anything reads a body: each route's declared body (uploads from members only),
        // and bounded query strings. Authentication reads headers only, one indexed look-up.
        RequestLimitsMiddleware(),
        FlashMiddleware(),
        CSRFMiddleware(),
        // Last: a page that is refused above costs no count.
        HeaderBadgesMiddleware(),
    ]))

    // Before the features, which may keep `app.livePublisher` in what they prepare.
    try app.useLiveDelivery(configuration)

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(ServeSiteCommand(), as: "serve", isDefault: true)

    try app.install(appFeatures)
    try UndeclaredRequestBody.check(app.routes)
}

/// Reads (or, the first time, makes) the site's key, so no page waits for it; `serve` calls it
/// once the migrations have run.
public func loadSiteSecret(_ app: Application) async throws {
    _ = try await app.siteSecrets.secret(on: app.db)
}

/// Starts the queue worker and housekeeping on a booted application; `serve` calls it, other
/// commands and tests do not. The worker stops when the application shuts down.
func startBackgroundWork(_ app: Application) async throws {
    let work = BackgroundWork()
    app.lifecycle.use(work)
    try await work.didBootAsync(app)
}
