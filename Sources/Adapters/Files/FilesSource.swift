import Config
import Decode
import Foundation
import Model

/// A local folder of posts, as the seed script wrote them: Jekyll or Hexo front matter over HTML or
/// Markdown, plain-text articles, and saved HTML pages.
public struct FilesSource: SourceAdapter {
    public let config: SourceConfig
    /// Larger files are reported, not read: no post is that big, and a stray dump must not exhaust memory.
    public var maxFileSize = 10 * 1024 * 1024

    public init(config: SourceConfig) {
        self.config = config
    }

    public func read(_ context: SourceContext) async -> SourceReading {
        guard let folder = config.path else {
            return SourceReading(failure: .folderUnreadable(path: "(none)", reason: "no path configured"))
        }
        let listing: FolderListing
        do {
            listing = try FolderListing(folder)
        } catch {
            return SourceReading(failure: error)
        }
        var reading = SourceReading(errors: listing.errors, completeListing: Set(listing.files.map(\.relativePath)))
        var changed: [FolderListing.File] = []
        for file in listing.files {
            if context.storedStamps[file.relativePath] == stamp(file) {
                reading.unchangedOrigins.insert(file.relativePath)
            } else {
                changed.append(file)
            }
        }
        let results = await changed.concurrentMap { file in
            Result { () throws(SourceError) in try readPost(file, context: context) }
        }
        for result in results {
            switch result {
            case .success(let draft): reading.drafts.append(draft)
            case .failure(let error): reading.errors.append(error)
            }
        }
        return reading
    }

    func readPost(_ file: FolderListing.File, context: SourceContext) throws(SourceError) -> ArticleDraft {
        let location = file.relativePath
        guard file.size <= maxFileSize else { throw .tooLarge(location: location, bytes: file.size, limit: maxFileSize) }
        let data: Data
        do {
            data = try Data(contentsOf: file.url)
        } catch {
            throw .unreadable(location: location, reason: (error as NSError).localizedDescription)
        }
        let text: String
        do {
            text = try TextDecoder.decodeUTF8(data, location: location)
        } catch .binary {
            throw .binary(location: location)
        } catch {
            throw .notUTF8(location: location)
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty(location: location) }
        var draft = try PostParser(location: location, timeZone: context.timeZone).parse(text, fileExtension: file.url.pathExtension)
        draft.origin = location
        draft.originStamp = stamp(file)
        return draft
    }

    /// Bump when parsing changes what a post yields, so stored posts are read again.
    static let parserVersion = 1

    /// Size and modification time to the nanosecond: editors and `git checkout` change one or both.
    func stamp(_ file: FolderListing.File) -> String {
        "v\(Self.parserVersion):\(file.size):\(file.modified)"
    }
}
