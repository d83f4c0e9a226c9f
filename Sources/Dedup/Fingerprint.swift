/// What the index and the exact check need to know about one article's text.
public struct Fingerprint: Sendable, Hashable {
    /// Normalised characters kept (letters and digits of non-boilerplate lines).
    public var length: Int
    /// Sorted, unique 32-bit hashes of the text's character shingles: the exact set for confirmation.
    public var shingles: [UInt32]
    /// The numbers of the text in order, for telling template reports apart.
    public var numbers: [String]
    /// MinHash signature, `bands × rows` values.
    public var signature: [UInt32]
    /// LSH band keys, one per band: plain integers, the band number in the upper 32 bits, so one
    /// indexed SQLite column holds them all.
    public var bandKeys: [Int64]
    /// False for texts too short to compare (headline-only items): never indexed, never matched.
    public var isMatchable: Bool

    public init(length: Int, shingles: [UInt32], numbers: [String], signature: [UInt32], bandKeys: [Int64],
                isMatchable: Bool) {
        self.length = length
        self.shingles = shingles
        self.numbers = numbers
        self.signature = signature
        self.bandKeys = bandKeys
        self.isMatchable = isMatchable
    }
}

/// Tunable sizes of the fingerprint. The defaults were chosen on the shared labelled stream and hold
/// for any Chinese news text; changing `shingleSize`, `bands`, `rows` or `seed` changes every band key,
/// so a stored index must be rebuilt.
public struct FingerprintParameters: Sendable, Hashable {
    /// Characters per shingle.
    public var shingleSize: Int
    public var bands: Int
    public var rows: Int
    /// Texts shorter than this (normalised characters) are headline-only: never matched.
    public var minimumLength: Int
    /// Only the first this many normalised characters are shingled, so a 5 MB text costs no more
    /// than a long article. Reprints share their beginning, so the cap keeps them comparable.
    public var maximumLength: Int
    public var seed: UInt64

    public init(shingleSize: Int = 5, bands: Int = 32, rows: Int = 3, minimumLength: Int = 50,
                maximumLength: Int = 100_000, seed: UInt64 = 0x5EED_F1AE_5D00_0001) {
        self.shingleSize = shingleSize
        self.bands = bands
        self.rows = rows
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
        self.seed = seed
    }

    public static let standard = FingerprintParameters()
}
