import Subscribe
import Testing

/// Patterns: RE2 syntax, bounded, linear time, and Chinese characters in either script.
@Suite struct PatternTests {
    @Test func aSimplifiedKeywordFindsTraditionalTextAndTheOtherWayRound() throws {
        #expect(try Pattern("区块链").matches("香港推動區塊鏈發展"))
        #expect(try Pattern("區塊鏈").matches("重庆区块链产业"))
        #expect(try Pattern("宁德时代|比亚迪").matches("寧德時代公布業績"))
        #expect(try !Pattern("区块链").matches("人工智能"))
        // Inside a class and under a quantifier the widening keeps the pattern's meaning.
        #expect(try Pattern("[区]块{1}链").matches("區塊鏈"))
        #expect(try Pattern("^發布").matches("发布会"))
        #expect(try !Pattern("^發布").matches("今日发布"))
        // Written as an escape, a character is taken as it is.
        #expect(try !Pattern("\\x{533A}块链").matches("區塊鏈"))
    }

    @Test func withoutVariantsPatternsMatchAsWritten() throws {
        #expect(try !Pattern("区块链", variants: nil).matches("區塊鏈"))
    }

    @Test func caseSensitivityIsAnOption() throws {
        #expect(try !Pattern("ipo").matches("IPO 重启"))
        #expect(try Pattern("ipo", caseSensitive: false).matches("IPO 重启"))
        #expect(try Pattern("(?i)ipo").matches("IPO 重启"))
    }

    /// `(a+)+$` on a long run of `a` and a mismatch stalls a backtracking engine for ages; RE2 answers
    /// in one linear pass. (How fast is for benchmarks; here it must simply come back, with the right
    /// answer.)
    @Test func catastrophicPatternsRunInLinearTime() throws {
        let text = String(repeating: "a", count: 200_000) + "!"
        #expect(try !Pattern("(a+)+$").matches(text))
        #expect(try !Pattern("(a|aa)*b").matches(text))
        #expect(try !Pattern("(.*a){20}z").matches(text))
    }

    @Test func badPatternsSayWhatIsWrong() throws {
        #expect(throws: PatternError.empty) { try Pattern("") }
        #expect(throws: PatternError.tooLong(length: 257, limit: 256)) { try Pattern(String(repeating: "x", count: 257)) }
        for bad in ["(unclosed", "a)", "(?=lookahead)", "\\1", "[z-a]", "a{2,1}"] {
            do {
                _ = try Pattern(bad)
                Issue.record("'\(bad)' compiled")
            } catch let PatternError.invalid(pattern, reason) {
                #expect(pattern == bad)
                #expect(!reason.isEmpty)
            }
        }
        // A pattern whose program would be huge is refused at compile time, not run.
        #expect(throws: PatternError.self) { try Pattern("((((a{1,100}){1,100}){1,100}){1,100})") }
    }

    @Test func theVariantTableKnowsOneToManyCharacters() throws {
        let variants = try #require(ScriptVariants.shared)
        let forms = try #require(variants.forms(of: "发"))
        #expect(forms.contains("發") && forms.contains("髮"))
        #expect(variants.forms(of: "a") == nil)
        #expect(variants.widen("a.b") == "a.b")
        #expect(variants.widen("[^区]") == "[^区區]")
        #expect(variants.widen("[]区]") == "[]区區]")
        #expect(variants.widen("[[:alpha:]区]") == "[[:alpha:]区區]")
        #expect(variants.widen("\\Q区\\E") == "\\Q区\\E")
    }
}
