import Config
public import Fetch
import Foundation
public import Model
import Adapters
public import Store

/// `finews try`: one source read once through the same adapter and preparation as a refresh, as if
/// the archive held nothing; nothing is written.
public enum SourcePreview {
    /// The batch a refresh would store, and the warnings it would log (bytes dropped in decoding).
    public static func read(_ source: SourceConfig, config: FinewsConfig, clock: any WallClock = SystemClock(),
                            client: HTTPClient? = nil) async -> (batch: SourceBatch, warnings: [String]) {
        var context = SourceContext(timeZone: config.timeZone, now: clock.now())
        if source.kind.isNetwork { context.client = client ?? HTTPClient(policy: config.http) }
        let reading = await SourceAdapters.make(for: source).read(context)
        let preparation = Preparation(identity: ItemIdentity(policy: source.idPolicy, hostAliases: config.hostAliases),
                                      indexesForSearch: false)
        var batch = SourceBatch(sourceID: source.id, kind: source.kind.rawValue, title: source.title,
                                articles: await preparation.prepare(reading.drafts),
                                completeListing: reading.completeListing, unchanged: reading.unchanged,
                                errors: reading.errors.map(\.description), failure: reading.failure?.description)
        batch.checkedOrigins = reading.checkedOrigins
        return (batch, reading.warnings)
    }
}
