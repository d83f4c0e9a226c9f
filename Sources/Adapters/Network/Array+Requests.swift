extension Array where Element: Sendable {
    /// Maps in order with one task per element, for requests: the HTTP client bounds how many run at
    /// once and paces them per host, so nothing here needs to.
    func mapRequests<T: Sendable>(_ transform: @escaping @Sendable (Element) async -> T) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            for (index, element) in enumerated() {
                group.addTask { (index, await transform(element)) }
            }
            var results: [(Int, T)] = []
            results.reserveCapacity(count)
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
