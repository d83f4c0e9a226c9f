/// Turns article text into a `Fingerprint`: normalisation, character shingles, MinHash, LSH bands.
/// A value type without I/O (OpenCC's dictionaries are loaded once, by `ChineseConverter.shared`).
public struct Fingerprinter: Sendable {
    public var normalizer: TextNormalizer
    public var parameters: FingerprintParameters
    private let permutations: MinHashPermutations

    public init(normalizer: TextNormalizer = TextNormalizer(), parameters: FingerprintParameters = .standard) {
        self.normalizer = normalizer
        self.parameters = parameters
        permutations = MinHashPermutations(count: parameters.bands * parameters.rows, seed: parameters.seed)
    }

    public func fingerprint(_ text: String) -> Fingerprint {
        fingerprint(normalized: normalizer.normalize(Self.prefix(of: text, scalars: parameters.maximumLength * 2)))
    }

    /// Only the beginning is shingled anyway; cutting the raw text first keeps a 5 MB body as cheap
    /// as a long article (boilerplate and punctuation rarely take half of a text).
    static func prefix(of text: String, scalars limit: Int) -> String {
        let view = text.unicodeScalars
        guard let end = view.index(view.startIndex, offsetBy: limit, limitedBy: view.endIndex),
              end != view.endIndex else { return text }
        return String(view[..<end])
    }

    public func fingerprint(normalized: NormalizedText) -> Fingerprint {
        let scalars = normalized.scalars.prefix(parameters.maximumLength).map(\.value)
        let length = scalars.count
        guard length >= parameters.minimumLength else {
            return Fingerprint(length: length, shingles: [], numbers: normalized.numbers, signature: [],
                               bandKeys: [], isMatchable: false)
        }
        let shingles = Shingles.hashes(of: scalars, size: parameters.shingleSize)
        let signature = permutations.signature(of: shingles)
        return Fingerprint(length: length, shingles: shingles, numbers: normalized.numbers,
                           signature: signature, bandKeys: bandKeys(of: signature), isMatchable: true)
    }

    /// LSH band keys of a MinHash signature (`bands × rows` values).
    public func bandKeys(of signature: [UInt32]) -> [Int64] {
        (0..<parameters.bands).map { band in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325 &+ UInt64(band)
            for row in 0..<parameters.rows {
                hash = Mix.mix64(hash ^ UInt64(signature[band * parameters.rows + row]))
            }
            return Int64(band) << 32 | Int64(hash >> 32)
        }
    }
}

/// Hashing of character shingles.
enum Shingles {
    /// Sorted unique hashes of every `size`-character window (the whole text when shorter).
    static func hashes(of scalars: [UInt32], size: Int) -> [UInt32] {
        let width = min(size, scalars.count)
        guard width > 0 else { return [] }
        var result: [UInt32] = []
        result.reserveCapacity(scalars.count - width + 1)
        scalars.withUnsafeBufferPointer { buffer in
            for start in 0...(buffer.count - width) {
                var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
                for offset in 0..<width {
                    hash = (hash ^ UInt64(buffer[start + offset])) &* 0x1000_0000_01B3
                }
                result.append(UInt32(truncatingIfNeeded: Mix.mix64(hash) >> 32))
            }
        }
        result.sort()
        return uniqued(result)
    }

    private static func uniqued(_ sorted: [UInt32]) -> [UInt32] {
        var output: [UInt32] = []
        output.reserveCapacity(sorted.count)
        for value in sorted where output.last != value { output.append(value) }
        return output
    }

    /// |a ∩ b| of two sorted unique arrays, in one linear merge.
    static func intersectionCount(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var i = 0, j = 0, count = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { count += 1; i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return count
    }
}

/// The MinHash family h(x) = (a·x + b) >> 32 over 64 bits (multiply-shift, Dietzfelbinger 1996),
/// applied to shingle hashes.
struct MinHashPermutations: Sendable {
    let multipliers: [UInt64]
    let offsets: [UInt64]

    init(count: Int, seed: UInt64) {
        var state = seed
        var multipliers: [UInt64] = [], offsets: [UInt64] = []
        for _ in 0..<count {
            state = Mix.mix64(state &+ 0x9E37_79B9_7F4A_7C15)
            multipliers.append(state | 1)
            state = Mix.mix64(state &+ 0x9E37_79B9_7F4A_7C15)
            offsets.append(state)
        }
        self.multipliers = multipliers
        self.offsets = offsets
    }

    func signature(of shingles: [UInt32]) -> [UInt32] {
        var minimums = [UInt32](repeating: .max, count: multipliers.count)
        multipliers.withUnsafeBufferPointer { a in
            offsets.withUnsafeBufferPointer { b in
                minimums.withUnsafeMutableBufferPointer { mins in
                    for shingle in shingles {
                        let x = UInt64(shingle)
                        for index in 0..<mins.count {
                            let value = UInt32(truncatingIfNeeded: (a[index] &* x &+ b[index]) >> 32)
                            if value < mins[index] { mins[index] = value }
                        }
                    }
                }
            }
        }
        return minimums
    }
}

enum Mix {
    /// SplitMix64's finaliser (Steele, Lea, Flood 2014): a cheap full-avalanche 64-bit mix.
    @inline(__always)
    static func mix64(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
