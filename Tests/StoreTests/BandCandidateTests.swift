import Dedup
import Foundation
import GRDB
@testable import Store
import TestSupport
import Testing

/// The archive ranks near-duplicate candidates in one SQL statement; it must find exactly the
/// candidates, in exactly the order, that the matcher's own tally of the per-band probes finds.
@Suite struct BandCandidateTests {
    /// The band table's probes without its ranking query, so the protocol's default tally runs.
    struct PerBandProbes: StoryCandidateLookup {
        let table: BandTable

        func articles(inBand key: Int64, limit: Int) throws -> [Int64] {
            try table.articles(inBand: key, limit: limit)
        }

        func contentHash(of article: Int64) throws -> String? { nil }
        func contentText(of article: Int64) throws -> String? { nil }
    }

    @Test(arguments: [(depth: 4, limit: 3), (depth: 64, limit: 16), (depth: 1, limit: 50)])
    func theQueryRanksAsTheTallyOfProbes(depth: Int, limit: Int) throws {
        let folder = try TemporaryFolder("bands")
        let archive = try Archive(path: folder.path("a.sqlite"))
        var random = SplitMix64(seed: UInt64(depth * 1000 + limit))
        // 400 articles over a pool of 40 keys: bands hold 0 to dozens of articles, tallies tie often.
        let pool = (0..<40).map { Int64($0 % 8) << 32 | Int64($0) }
        let rows = (1...400).map { article in
            (article: Int64(article), keys: (0..<(1 + random.next(12))).map { _ in pool[random.next(pool.count)] })
        }
        try archive.fileBands(rows)
        var compared = 0
        for round in 0..<60 {
            let keys = (0..<(1 + random.next(32))).map { _ in pool[random.next(pool.count)] }
            let excluding = round % 3 == 0 ? -1 : Int64(1 + random.next(400))
            let (ranked, tallied) = try archive.read { db in
                let table = BandTable(db: db, excluding: excluding)
                return (try table.candidates(sharingBands: keys, depth: depth, limit: limit),
                        try PerBandProbes(table: table).candidates(sharingBands: keys, depth: depth, limit: limit))
            }
            #expect(ranked == tallied, "keys \(keys), excluding \(excluding)")
            try expectHandedOverInOrder(ranked, archive: archive, keys: keys, excluding: excluding, depth: depth, limit: limit)
            #expect(!ranked.contains(excluding))
            compared += ranked.isEmpty ? 0 : 1
        }
        #expect(compared > 50)
    }

    /// Many identical copies (every band lists them all) plus partial ones: the merge stops early, and
    /// must still rank as the tally does.
    @Test func identicalCopiesStopTheMergeEarlyWithTheSameRanking() throws {
        let folder = try TemporaryFolder("bands")
        let archive = try Archive(path: folder.path("a.sqlite"))
        let keys = (0..<32).map { Int64($0) << 32 | 77 }
        var random = SplitMix64(seed: 9)
        try archive.fileBands((1...300).map { article in
            (article: Int64(article), keys: article % 7 == 0 ? keys.filter { _ in random.next(3) > 0 } : keys)
        })
        for (depth, limit) in [(64, 16), (8, 16), (64, 1), (3, 5)] {
            for excluding in [Int64(-1), 300, 150] {
                let (ranked, tallied) = try archive.read { db in
                    let table = BandTable(db: db, excluding: excluding)
                    return (try table.candidates(sharingBands: keys, depth: depth, limit: limit),
                            try PerBandProbes(table: table).candidates(sharingBands: keys, depth: depth, limit: limit))
                }
                #expect(ranked == tallied, "depth \(depth), limit \(limit), excluding \(excluding)")
                try expectHandedOverInOrder(ranked, archive: archive, keys: keys, excluding: excluding, depth: depth, limit: limit)
                #expect(!ranked.isEmpty && ranked.count <= limit)
            }
        }
    }

    /// `firstCandidate` offers the ranking's candidates in its order, each once, and stops at the one
    /// accepted: refusing all of them visits the whole ranking; accepting the k-th visits the first k.
    func expectHandedOverInOrder(_ ranked: [Int64], archive: Archive, keys: [Int64], excluding: Int64,
                                 depth: Int, limit: Int) throws {
        for accepted in [nil] + ranked.indices.map(Optional.some) {
            var offered: [Int64] = []
            let found = try archive.read { db in
                try BandTable(db: db, excluding: excluding).firstCandidate(sharingBands: keys, depth: depth, limit: limit) {
                    offered.append($0)
                    return accepted.map { ranked[$0] } == $0
                }
            }
            #expect(found == accepted.map { ranked[$0] })
            #expect(offered == Array(ranked.prefix(accepted.map { $0 + 1 } ?? ranked.count)), "accepting \(String(describing: accepted))")
        }
    }

    @Test func noKeysFindNothing() throws {
        let folder = try TemporaryFolder("bands")
        let archive = try Archive(path: folder.path("a.sqlite"))
        try archive.fileBands([(article: 1, keys: [7])])
        let found = try archive.read { db in
            try BandTable(db: db, excluding: -1).candidates(sharingBands: [], depth: 64, limit: 16)
        }
        #expect(found.isEmpty)
    }
}
