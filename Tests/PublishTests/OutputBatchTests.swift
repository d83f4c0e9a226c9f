import Foundation
import Publish
import TestSupport
import Testing

/// The publisher renders feeds on several threads through one batch.
@Suite struct OutputBatchTests {
    /// Threads writing into folders none of them has created yet: every write lands, none finds its
    /// folder missing because another thread had claimed it but not yet made it (a refresh once failed
    /// with "public/feed.xml: cannot write: No such file or directory").
    @Test func threadsWritingIntoNewFoldersAtOnceAllLand() async throws {
        let folder = try TemporaryFolder("output-batch")
        for round in 0..<5 {
            let batch = OutputFolder(root: folder.url.appendingPathComponent("round\(round)")).batch()
            let failures = await withTaskGroup(of: String?.self) { group in
                for thread in 0..<8 {
                    group.addTask {
                        for index in 0..<40 {
                            do {
                                try batch.write("f\(index)/d\(index % 3)/file\(thread).xml", Data("\(thread) \(index)".utf8))
                            } catch {
                                return "\(error)"
                            }
                        }
                        return nil
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            #expect(failures.isEmpty, "\(failures)")
            try batch.commit()
            let written = try String(contentsOf: folder.url.appendingPathComponent("round\(round)/f39/d0/file7.xml"), encoding: .utf8)
            #expect(written == "7 39")
        }
    }
}
