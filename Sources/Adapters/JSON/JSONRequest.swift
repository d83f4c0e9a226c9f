import Config
import Foundation

/// The list request of a `json` source with its placeholders filled from the context's clock and
/// random source, then signed.
struct JSONRequest {
    /// Nil when the signer cannot read the URL.
    var url: String?
    var headers: [String: String]
    var body: [UInt8]?

    init(_ options: JSONSourceOptions, url template: String, context: SourceContext) {
        let random = context.random()
        func fill(_ text: String) -> String {
            RequestTemplate.expand(text, now: context.now, zone: context.timeZone, random: random)
        }
        let filled = fill(template)
        url = options.sign.map { $0.sign(filled) } ?? filled
        headers = options.headers.mapValues(fill)
        if options.method == .post, let body = options.body {
            self.body = Array(fill(body).utf8)
            if !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                headers["Content-Type"] = options.bodyType.contentType
            }
        }
        if !headers.keys.contains(where: { $0.lowercased() == "accept" }) {
            headers["Accept"] = "application/json, text/javascript, */*;q=0.1"
        }
    }
}
