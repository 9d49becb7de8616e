import Vapor

extension Application {
    private struct AppConfigurationKey: StorageKey {
        typealias Value = AppConfiguration
    }

    /// The validated configuration the application was built with.
    public var appConfiguration: AppConfiguration {
        get {
            guard let configuration = storage[AppConfigurationKey.self] else {
                preconditionFailure("configure(_:with:) sets the configuration before anything reads it")
            }
            return configuration
        }
        set { storage[AppConfigurationKey.self] = newValue }
    }
}
