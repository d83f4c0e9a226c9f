import Foundation
import Markup

/// `opml.xml`: every published feed as an OPML 2.0 subscription list (http://opml.org/spec2.opml), the
/// form feed readers import. Each outline points at the RSS 2.0 file; Atom and JSON Feed sit beside it.
public enum OPMLRenderer {
    public static let fileName = "opml.xml"

    public struct Feed: Sendable, Equatable {
        public var title: String
        public var folder: String

        public init(title: String, folder: String) {
            self.title = title
            self.folder = folder
        }
    }

    static func render(title: String, feeds: [Feed], _ context: FeedContext) -> Data {
        let writer = XMLWriter()
        writer.start("opml", ["version": "2.0"])
        writer.start("head")
        writer.element("title", title)
        writer.end()
        writer.start("body")
        for feed in feeds {
            writer.empty("outline", ["type": "rss", "text": feed.title, "title": feed.title,
                                     "xmlUrl": context.absolute(feed.folder + "feed.xml"),
                                     "htmlUrl": context.absolute(feed.folder)])
        }
        writer.end()
        writer.end()
        return writer.finish()
    }
}
