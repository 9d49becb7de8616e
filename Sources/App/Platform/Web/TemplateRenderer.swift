import Leaf
import LeafKit
import Vapor

extension Application {
    /// Renders pages with Leaf, keeping parsed templates unless `LEAF_RELOAD=1` asked to re-read
    /// them. Vapor's own `.leaf` provider turns the template cache off whenever the environment
    /// is `development` — the default of `serve` — so every page re-read and re-lexed its
    /// templates from disk (a third of the throughput lost, measured at a million members).
    func useTemplates(reloading: Bool) {
        leaf.cache.isEnabled = !reloading
        leaf.tags["t"] = TranslateTag()
        views.use { app in
            var userInfo = app.leaf.userInfo
            userInfo["application"] = app
            return LeafRenderer(configuration: app.leaf.configuration, tags: app.leaf.tags, cache: app.leaf.cache,
                                sources: app.leaf.sources, eventLoop: app.eventLoopGroup.next(), userInfo: userInfo)
        }
    }
}
