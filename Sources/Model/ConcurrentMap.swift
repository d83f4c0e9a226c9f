import Foundation

extension Array where Element: Sendable {
    /// Maps in order, spreading contiguous chunks over the processor's cores. For CPU-bound per-item
    /// work (parsing, sanitizing) in a refresh of thousands of posts.
    public func concurrentMap<T: Sendable>(_ transform: @escaping @Sendable (Element) -> T) async -> [T] {
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / 16))
        guard workers > 1 else { return map(transform) }
        let chunkSize = (count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [T]).self) { group in
            for start in stride(from: 0, to: count, by: chunkSize) {
                let chunk = Array(self[start..<Swift.min(start + chunkSize, count)])
                group.addTask { (start, chunk.map(transform)) }
            }
            var parts: [(Int, [T])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }
}
