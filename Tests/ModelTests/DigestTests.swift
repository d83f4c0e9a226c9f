import Foundation
import Model
import Testing

@Suite struct DigestTests {
    // FIPS 180-2's examples, and the empty message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256HexMatchesTheStandardVectors(_ message: String, _ expected: String) {
        #expect(Digest.sha256Hex(message) == expected)
        #expect(Digest.sha256Hex(Data(message.utf8)) == expected)
    }

    @Test func textIsHashedAsItsUTF8Bytes() {
        let text = "央行开展逆回购操作\u{1F}第二段"
        #expect(Digest.sha256Hex(text) == Digest.sha256Hex(Data(text.utf8)))
        #expect(Digest.sha256Hex(text).count == 64)
        // A bridged or substring-backed String must hash the same bytes as a native one.
        let sliced = String(("x" + text).dropFirst())
        #expect(Digest.sha256Hex(sliced) == Digest.sha256Hex(text))
    }

    @Test func aMillionCharactersHashAsFIPSSaysAcrossManyBlocks() {
        let million = String(repeating: "a", count: 1_000_000)
        #expect(Digest.sha256Hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // RFC 3174's and RFC 1321's examples: sites' request signatures use these two.
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ])
    func sha1HexMatchesTheStandardVectors(_ message: String, _ expected: String) {
        #expect(Digest.sha1Hex(message) == expected)
    }

    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    ])
    func md5HexMatchesTheStandardVectors(_ message: String, _ expected: String) {
        #expect(Digest.md5Hex(message) == expected)
    }
}
