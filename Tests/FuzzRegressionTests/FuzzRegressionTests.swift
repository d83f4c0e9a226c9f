import Foundation
import FuzzHarnesses
import Testing
import TestSupport

/// Every input that once crashed a harness or broke one of its invariants, kept under
/// `Tests/Fixtures/fuzz/<harness>/` and replayed through the same harness code libFuzzer runs, so
/// the fix stays fixed. The seed corpora ride along: they must pass too.
@Suite struct FuzzRegressionTests {
    static func inputs(_ harness: Harness) throws -> [URL] {
        let folder = Fixtures.url("fuzz/\(harness.rawValue)")
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") && $0.lastPathComponent != "README.md" }
            .sorted { $0.path < $1.path }
    }

    @Test(arguments: Harness.allCases)
    func regressionInputsPass(_ harness: Harness) throws {
        for input in try Self.inputs(harness) {
            do {
                try harness.run(try Data(contentsOf: input))
            } catch {
                Issue.record("\(harness.rawValue)/\(input.lastPathComponent): \(error)")
            }
        }
    }

    @Test func everyHarnessHasRegressionInputs() throws {
        for harness in Harness.allCases {
            #expect(try !Self.inputs(harness).isEmpty, "Tests/Fixtures/fuzz/\(harness.rawValue)/ is empty")
        }
    }
}
