import Markup
import Testing

/// `FlatTree.attributeValue` and `forEachAttribute` read libxml2's attribute list directly; they must
/// say what `attribute(_:at:)` (libxml2's `xmlGetProp`) says.
@Suite struct AttributeValueTests {
    @Test func agreesWithLibxml2sOwnLookup() throws {
        let html = #"<div CLASS="main  news" id=x data-a="&lt;b&gt; &amp; &#x4E2D;"><td nowrap>t</td><p>p</p></div>"#
        let tree = FlatTree(document: try Document(htmlText: html))
        for index in 0..<tree.count where tree.kinds[index] == .element {
            for name in ["class", "id", "data-a", "nowrap", "missing"] {
                #expect(tree.attributeValue(name, at: index) == tree.attribute(name, at: index), "\(name)")
            }
            var seen: [String: String] = [:]
            tree.forEachAttribute(at: index) { name, value in seen[String(decoding: name, as: UTF8.self)] = value() }
            #expect(seen == Dictionary(uniqueKeysWithValues: tree.attributes(at: index).map { ($0.name, $0.value) }))
        }
        let div = try #require((0..<tree.count).first { tree.names[$0] == "div" })
        #expect(tree.attributeValue("class", at: div) == "main  news")
        #expect(tree.attributeValue("data-a", at: div) == "<b> & 中")
    }
}
