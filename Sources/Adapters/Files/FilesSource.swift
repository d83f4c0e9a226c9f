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
        var whole = SourceReading()
        await read(context, partSize: .max) { whole.append($0) }
        return whole
    }

    /// Lists the folder, then reads the files that changed since stored `partSize` at a time (on all
    /// cores), delivering each part before reading the next: memory stays flat however large the
    /// folder. The first part counts the unchanged files; the last carries the complete listing.
    public func read(_ context: SourceContext, partSize: Int,
                     deliver: (SourceReading) async throws -> Void) async rethrows {
        guard let folder = config.path else {
            return try await deliver(SourceReading(failure: .folderUnreadable(path: "(none)", reason: "no path configured")))
        }
        let listing: FolderListing
        do {
            listing = try FolderListing(folder)
        } catch {
            return try await deliver(SourceReading(failure: error))
        }
        var changed: [FolderListing.File] = []
        var unchanged = 0
        for file in listing.files {
            if context.storedStamps[file.relativePath] == stamp(file) { unchanged += 1 } else { changed.append(file) }
        }
        var start = 0
        repeat {
            let end = start + min(changed.count - start, max(1, partSize))
            var part = SourceReading()
            if start == 0 {
                part.errors = listing.errors
                part.unchanged = .count(unchanged)
            }
            let results = await Array(changed[start..<end]).concurrentMap { file in
                Result { () throws(SourceError) in try readPost(file, root: listing.root, context: context) }
            }
            for result in results {
                switch result {
                case .success(let draft): part.drafts.append(draft)
                case .failure(let error): part.errors.append(error)
                }
            }
            start = end
            if start == changed.count { part.completeListing = Set(listing.files.map(\.relativePath)) }
            try await deliver(part)
        } while start < changed.count
    }

    func readPost(_ file: FolderListing.File, root: String, context: SourceContext) throws(SourceError) -> ArticleDraft {
        let location = file.relativePath
        guard file.size <= maxFileSize else { throw .tooLarge(location: location, bytes: file.size, limit: maxFileSize) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + location))
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
        guard !text.isBlank else { throw .empty(location: location) }
        var draft = try PostParser(location: location, timeZone: context.timeZone).parse(text, fileExtension: file.pathExtension)
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
