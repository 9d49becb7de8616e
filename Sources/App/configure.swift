import Fluent
import Leaf
import Vapor

/// Builds the application from its configuration: database, templates, middleware, routes.
/// The server and every test call this same function.
public func configure(_ app: Application, with configuration: AppConfiguration) async throws {
    app.appConfiguration = configuration
    let root = configuration.rootDirectory
    app.directory = DirectoryConfiguration(workingDirectory: root)

    app.catalogs = try Catalogs.load(from: app.directory.resourcesDirectory + "Locales")
    app.openAPIDocument = FileManager.default.contents(atPath: OpenAPIController.path(in: app))
    app.referenceData = try ReferenceData.load(from: app.directory.resourcesDirectory + "Data")
    app.memberActivity.observers.append(ProfileSearchDocument.memberWasActive)
    app.jobKinds.register(RegistrationRequested.self)
    app.jobKinds.register(PasswordResetRequested.self)
    app.jobKinds.register(EmailChangeRequested.self)
    app.siteSecrets = SiteSecretStore(configuredKey: configuration.secretKey)
    app.pageCache = PageCache()
    app.directoryFacetCounts = DirectoryFacetCounts.Memory()
    app.passwordPolicy = try PasswordPolicy.load(from: app.directory.resourcesDirectory + "Data/common-passwords.txt")
    if let smtpURL = configuration.smtpURL {
        app.mailTransport = SMTPMailTransport(configuration: try SMTPConfiguration.parse(url: smtpURL), eventLoopGroup: app.eventLoopGroup, logger: app.logger)
    }
    app.assetVersions = AssetVersions(publicDirectory: app.directory.publicDirectory, files: ["css/site.css", "js/site.js"])
    app.views.use(.leaf)
    // Templates are parsed once and kept; LEAF_RELOAD=1 re-reads them while editing.
    app.leaf.cache.isEnabled = !configuration.reloadTemplates
    app.leaf.tags["t"] = TranslateTag()

    // After the resources are found, so a server started from the wrong folder creates no database there.
    try DatabaseSetup.use(configuration.database, poolSize: configuration.databasePoolSize, on: app)
    app.migrations.add(AppMigrations.all(reference: app.referenceData))
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
    ]))

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")

    try routes(app, configuration: configuration)
    try UndeclaredRequestBody.check(app.routes)
}

func routes(_ app: Application, configuration: AppConfiguration) throws {
    try app.register(collection: HealthController(health: DatabaseHealth(location: configuration.database, timeout: .seconds(3))))
    try app.register(collection: LanguageController())
    try app.register(collection: HomeController())
    try app.register(collection: AccountsController())
    try app.register(collection: AccountSettingsController())
    try app.register(collection: ProviderSignInController())
    try app.register(collection: LegalPagesController())
    try app.register(collection: ProfilesController())
    try app.register(collection: DirectoryController())
    try app.register(collection: MediaController())
    try app.register(collection: AccountsAPI())
    try app.register(collection: ProfilesAPI())
    try app.register(collection: DirectoryAPI())
    try app.register(collection: ReferenceDataAPI())
    try app.register(collection: ProviderSignInAPI())
    try app.register(collection: IdentitiesAPI())
    try app.register(collection: OpenAPIController())
}

/// `serve --demo`: fills an empty database with a small demo population (nothing when members exist).
public func seedDemoIfEmpty(_ app: Application, members: Int = 300) async throws {
    guard try await Member.query(on: app.db).count() == 0 else { return }
    try await DemoSeeder(database: app.db, reference: app.referenceData).seed(members: members, seed: 1)
    try await DirectoryFacetCounts.refresh(on: app.db)
    app.logger.notice("Added \(members) demo members (demo.1.N@example.invalid; they cannot sign in).")
}

/// Reads (or, the first time, makes) the site's key, so no page waits for it; `serve` calls it
/// once the migrations have run.
public func loadSiteSecret(_ app: Application) async throws {
    _ = try await app.siteSecrets.secret(on: app.db)
}

/// Starts the outbox sender and housekeeping; `serve` calls it, commands and tests do not.
public func startBackgroundWork(_ app: Application) {
    app.lifecycle.use(BackgroundWork(housekeeping: [
        { try await RateLimiter(database: $0.db).removeExpired() },
        { try await OutboxDelivery.removeOld(on: $0.db) },
        { try await JobQueue.removeOld(on: $0.db) },
        { try await AccountHousekeeping.run($0) },
        { try await ProviderSignInHousekeeping.run($0) },
        { try await DirectoryFacetCounts.refreshIfStale(on: $0.db) },
    ]))
}
