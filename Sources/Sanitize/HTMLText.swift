import Foundation
import Markup

/// Plain text of an HTML fragment: one line per block, whitespace collapsed inside a line; what a
/// reader would see of the sanitized fragment.
public enum HTMLText {
    public static func plainText(fromHTML html: String) -> String {
        guard let document = try? Document(html: html) else { return "" }
        return Sanitizer().sanitize(FlatTree(document: document)).text
    }
}
