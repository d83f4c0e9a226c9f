import Config
import Decode
import Foundation

extension SourceAdapter {
    /// What every network kind does first: fetch the configured URL conditionally and record the
    /// exchange for health and validators. A 304 leaves every stored item as it is unless the kind
    /// has more to do (`notModified`); text goes to `read` with the URL after redirects.
    func readURL(_ context: SourceContext,
                 notModified: (inout SourceReading) async -> Void,
                 read: (_ decoded: DecodedText, _ url: String, _ finalURL: String, inout SourceReading) async -> Void)
        async -> SourceReading {
        guard let url = config.url else {
            return SourceReading(failure: .misconfigured(source: config.id, reason: "no url configured"))
        }
        let fetched = await FetchedText.get(url, context: context, conditional: true)
        return await reading(of: fetched, notModified: notModified) { decoded, finalURL, reading in
            await read(decoded, url, finalURL, &reading)
        }
    }

    /// What the source's own URL answered, as a reading: the exchange (for health and validators), the
    /// failure, the 304, or the text with any bytes lost decoding it noted as a warning.
    func reading(of fetched: FetchedText, notModified: (inout SourceReading) async -> Void,
                 read: (_ decoded: DecodedText, _ finalURL: String, inout SourceReading) async -> Void)
        async -> SourceReading {
        var reading = SourceReading()
        reading.http = fetched.exchange
        switch fetched.result {
        case .failure(let error):
            reading.failure = error
        case .success(.notModified):
            await notModified(&reading)
        case let .success(.text(decoded, finalURL)):
            reading.noteDamage(of: decoded, at: finalURL)
            await read(decoded, finalURL, &reading)
        }
        return reading
    }
}
