import Foundation
import Model
import Testing

@Suite struct SlugTests {
    /// `Slug.make` skips ICU for ASCII names; that is only right while both of its transforms leave
    /// every ASCII character as it is.
    @Test func icuTransformsLeaveEveryASCIICharacterAsItIs() {
        let characters = (0..<128).compactMap(Unicode.Scalar.init).map { String(Character($0)) }
        let names = characters + [characters.joined(), "Market News", "nanjingchenbao", "A-Share 50 (CSI)", "  x  ", ""]
        for name in names {
            let latin = name.applyingTransform(.toLatin, reverse: false) ?? name
            #expect(latin == name, "\(name.unicodeScalars.map(\.value))")
            #expect((latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin) == name,
                    "\(name.unicodeScalars.map(\.value))")
        }
    }

    @Test func asciiNamesGiveTheSameSlugsAsBefore() {
        #expect(Slug.make("Market News") == "market-news")
        #expect(Slug.make("nanjingchenbao") == "nanjingchenbao")
        #expect(Slug.make("  A-Share 50 (CSI) ") == "a-share-50-csi")
        #expect(Slug.make("---") == "untitled")
        #expect(Slug.make("") == "untitled")
    }

    @Test func hanAndAccentedNamesStillGoThroughICU() {
        #expect(Slug.make("证券时报网") == "zhengquanshibaowang")
        #expect(Slug.make("Café Société") == "cafe-societe")
        #expect(Slug.make("每日经济新闻 Daily") == "meirijingjixinwendaily")
    }
}
