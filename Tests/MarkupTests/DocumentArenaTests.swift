import Foundation
@testable import Markup
import Testing
import TestSupport

/// HTML parsed in an arena (`Document(html:inArena:)`, the extractor's parse): the same tree as
/// libxml2 builds with malloc, memory that stays bounded, and nothing of the arena left behind in
/// libxml2's own state.
@Suite struct DocumentArenaTests {
    @Test func buildsTheSameTreeAsMalloc() throws {
        let folder = Fixtures.folder.appendingPathComponent("extraction/magichtml_zh/pages")
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count > 5)
        for page in pages.prefix(8) {
            let data = try Data(contentsOf: folder.appendingPathComponent(page))
            let plain = try Document(html: data)
            let arena = try Document(html: data, inArena: true)
            #expect(plain.arenaUse == nil)
            #expect(arena.arenaUse?.peak ?? 0 > 0, "\(page) was not parsed in an arena")
            let expected = FlatTree(document: plain)
            let tree = FlatTree(document: arena)
            #expect(tree.count == expected.count && tree.count > 100, "\(page)")
            #expect(tree.names == expected.names && tree.texts == expected.texts && tree.parents == expected.parents, "\(page)")
            let attributes = (0..<tree.count).map { tree.attributes(at: $0).map { "\($0.name)=\($0.value)" } }
            let expectedAttributes = (0..<expected.count).map { expected.attributes(at: $0).map { "\($0.name)=\($0.value)" } }
            #expect(attributes == expectedAttributes, "\(page)")
        }
    }

    /// libxml2 allocates and frees a message for every error it records; a page of errors must not
    /// grow the arena by a message each (freed blocks are used again).
    @Test func errorsDoNotGrowTheArena() throws {
        let units = 100_000
        let clean = "<html><body>" + String(repeating: "<p a=\"1\" b=\"2\">", count: units)
        let erring = "<html><body>" + String(repeating: "</x><p a=\"1\" b=\"2\">", count: units)
        let cleanDocument = try Document(htmlText: clean, inArena: true)
        let erringDocument = try Document(htmlText: erring, inArena: true)
        let cleanUse = try #require(cleanDocument.arenaUse)
        let erringUse = try #require(erringDocument.arenaUse)
        #expect(!cleanUse.spilled && !erringUse.spilled)
        #expect(FlatTree(document: erringDocument).names.filter { $0 == "p" }.count == units)
        // The same tree; the input, copied into libxml2's buffer, is longer by 4 bytes a unit.
        let allowed = 2 * (erring.utf8.count - clean.utf8.count) + (1 << 20)
        #expect(erringUse.peak - cleanUse.peak < allowed,
                "arena peak \(erringUse.peak) bytes with an error a unit, \(cleanUse.peak) without")
    }

    /// The thread's last-error record of libxml2 holds copies of the error's strings; had they stayed
    /// in the arena, the next error on the thread (any parse, arena or not) would free them with free().
    @Test func leavesNoArenaMemoryInLibxml2sErrorRecord() throws {
        for _ in 0..<3 {
            do {
                let document = try Document(htmlText: "<html><body></x><p a='1'>一</q>", inArena: true)
                #expect(FlatTree(document: document).texts.contains("一"))
            }
            let broken = try Document(xml: Data("<rss><channel><title>A & B</title></rss>".utf8))
            #expect(try broken.xpath("//title").count == 1)
            let plainHTML = try Document(htmlText: "<html><body></y><p>二</z>")
            #expect(FlatTree(document: plainHTML).texts.contains("二"))
        }
    }

    /// A document may be freed on another thread than the one that parsed it.
    @Test func isFreedOnAnotherThread() throws {
        final class Box: @unchecked Sendable { var document: Document? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.document = try? Document(htmlText: "<html><body><p class=a>一</p></x></body>", inArena: true)
            done.signal()
        }
        thread.start()
        #expect(done.wait(timeout: .now() + 30) == .success)
        let document = try #require(box.document)
        #expect(document.arenaUse != nil)
        #expect(FlatTree(document: document).texts.contains("一"))
        box.document = nil
        // The pooled arena, used again on this thread, starts empty.
        let next = try Document(htmlText: "<html><body><p>二</p>", inArena: true)
        #expect(FlatTree(document: next).texts.filter { !$0.isEmpty } == ["二"])
    }

    /// Threads parsing at once, in arenas and with malloc, HTML and XML, each with errors: every
    /// thread's memory stays its own.
    @Test func threadsParseAtOnce() throws {
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for round in 0..<200 {
                let html = "<html><body></x><p a='\(worker)'>一\(round)</q>" + String(repeating: "<i b=c>d</i></y>", count: round % 50)
                guard let inArena = try? Document(htmlText: html, inArena: true),
                      let plain = try? Document(htmlText: html),
                      let feed = try? Document(xml: Data("<rss><title>A & \(round)</title></rss>".utf8)) else {
                    failures.record("worker \(worker) round \(round): a parse failed")
                    return
                }
                let texts = FlatTree(document: inArena).texts
                if texts != FlatTree(document: plain).texts || !texts.contains("一\(round)")
                    || (try? feed.xpath("//title").count) != 1 {
                    failures.record("worker \(worker) round \(round): trees differ")
                    return
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
    }

    /// A tree larger than the arena's reservation continues in malloc's memory, and frees cleanly.
    @Test func aTreeLargerThanTheArenaContinuesInMalloc() throws {
        let html = "<html><body>" + String(repeating: "<i a=b>c</i>", count: 400_000)
        let document = try Document(htmlText: html, inArena: true)
        let use = try #require(document.arenaUse)
        #expect(use.spilled)
        let tree = FlatTree(document: document)
        #expect(tree.names.filter { $0 == "i" }.count == 400_000)
        #expect(tree.attributeValue("a", at: tree.count - 2) == "b")
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []
    func record(_ failure: String) { lock.withLock { recorded.append(failure) } }
    var all: [String] { lock.withLock { recorded } }
}
