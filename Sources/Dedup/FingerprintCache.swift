import Synchronization

/// A bounded map from an article's content hash to the fingerprint of its text. Keyed by content, not
/// by row, so a rolled-back insert or an edit can never pair a fingerprint with the wrong text. When
/// full it is emptied rather than tracked per entry: the working set (the stories growing now) refills
/// it within a few articles.
final class FingerprintCache: Sendable {
    private let entries = Mutex<[String: Fingerprint]>([:])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func fingerprint(for contentHash: String) -> Fingerprint? {
        entries.withLock { $0[contentHash] }
    }

    func store(_ fingerprint: Fingerprint, for contentHash: String) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[contentHash] = fingerprint
        }
    }
}
