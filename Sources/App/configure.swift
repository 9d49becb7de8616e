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
    app.assetVersions = AssetVersions(publicDirectory: app.directory.publicDirectory, files: ["css/site.css", "js/site.js"])
    app.views.use(.leaf)
    // Templates are parsed once and kept; LEAF_RELOAD=1 re-reads them while editing.
    app.leaf.cache.isEnabled = !configuration.reloadTemplates
    app.leaf.tags["t"] = TranslateTag()

    // After the resources are found, so a server started from the wrong folder creates no database there.
    try DatabaseSetup.use(configuration.database, poolSize: configuration.databasePoolSize, on: app)
    app.migrations.add(AppMigrations.all)
    try await SQLitePragmas.apply(on: app)

    app.http.server.configuration.responseCompression = .enabledForCompressibleTypes
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(ContentLanguageMiddleware())
    app.middleware.use(AppErrorMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))

    app.asyncCommands.use(MigrateCommand(), as: "migrate")

    try routes(app, configuration: configuration)
}

func routes(_ app: Application, configuration: AppConfiguration) throws {
    try app.register(collection: HealthController(health: DatabaseHealth(location: configuration.database, timeout: .seconds(3))))
    try app.register(collection: LanguageController())
    try app.register(collection: HomeController())
}
