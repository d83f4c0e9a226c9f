import Foundation
import Synchronization

/// URL-safe slugs for categories and file names.
public enum Slug {
    /// Lowercase ASCII letters, digits and hyphens. Han characters become toneless pinyin run together,
    /// as the seed script wrote them (`证券时报网` → `zhengquanshibaowang`), through ICU's Han-Latin
    /// transliteration.
    public static func make(_ name: String) -> String {
        if let cached = cache.withLock({ $0[name] }) { return cached }
        let slug = transliterate(name)
        cache.withLock { cache in
            // Category and outlet names are few; the bound only guards against hostile input.
            if cache.count > 10_000 { cache.removeAll() }
            cache[name] = slug
        }
        return slug
    }

    /// Creating an ICU transliterator costs far more than using one, and the same few names recur in
    /// every refresh.
    private static let cache = Mutex<[String: String]>([:])

    private static func transliterate(_ name: String) -> String {
        let plain: String
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            // Both transforms leave ASCII as it is (SlugTests pins that), and the first use of either
            // builds ICU's transliterator registry: about 4 MiB of ICU's pages and heap for the rest of
            // the process, which a refresh whose names are all ASCII (slugs already, English
            // categories) never needs.
            plain = name
        } else {
            let latin = name.applyingTransform(.toLatin, reverse: false) ?? name
            plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        }
        var slug = ""
        var pendingHyphen = false
        for scalar in plain.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar == " " && isHan(name) {
                continue // pinyin syllables of one Chinese name run together
            } else {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "untitled" : slug
    }

    private static func isHan(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isIdeographic }
    }
}
