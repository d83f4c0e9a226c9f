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
}
