import Config
import Foundation
import Logging
import Publish

extension Refresher {
    /// The `export:` folders, brought up to date after the refresh stored and published; a folder that
    /// cannot be written is logged and tried again next time, and never fails the refresh.
    func exportPosts() {
        for target in config.exports {
            do {
                let summary = try PostExporter(target: target, timeZone: config.timeZone).update(archive, now: clock.now())
                logger.info("posts exported", metadata: ["folder": "\(target.folder.path)", "style": "\(target.style.rawValue)",
                                                          "written": "\(summary.written)", "unchanged": "\(summary.unchanged)"])
            } catch {
                logger.error("export failed", metadata: ["folder": "\(target.folder.path)", "error": "\(error)"])
            }
        }
    }
}
