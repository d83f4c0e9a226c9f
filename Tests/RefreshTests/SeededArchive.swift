import Config
import Foundation
import Model
import Refresh
import Store
import TestSupport

/// A workspace over a copy of the seeds with its loaded config, a real archive and a clock that moves
/// a minute per refresh.
struct SeededArchive {
    let workspace: Workspace
    let config: FinewsConfig
    let archive: any ArchiveStore
    let clock = ManualClock(Date(timeIntervalSince1970: 1_700_000_000))

    init(items: Int = 50, backend: StoreBackend = .sqlite) throws {
        workspace = try Workspace(items: items, database: try backend.configuredDatabase())
        config = try FinewsConfig.load(from: workspace.configFile)
        archive = try ArchiveBackend.open(config.database)
    }

    func refresh() async throws -> RefreshReport {
        clock.advance(by: 60)
        return try await Refresher(config: config, archive: archive, clock: clock).run(trigger: .manual)
    }
}
