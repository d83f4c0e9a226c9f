import Foundation

/// Dot-separated keys and list indexes into parsed JSON (`data.list`, `items.0.url`).
enum JSONPath {
    static func value(at path: String, in root: Any) -> Any? {
        var current: Any = root
        for key in path.split(separator: ".", omittingEmptySubsequences: true) {
            if let object = current as? [String: Any], let next = object[String(key)] {
                current = next
            } else if let list = current as? [Any], let index = Int(key), list.indices.contains(index) {
                current = list[index]
            } else {
                return nil
            }
        }
        return current is NSNull ? nil : current
    }

    /// A string or number as text; nil for absent, null, empty, lists and objects.
    static func text(at path: String, in root: Any) -> String? {
        switch value(at: path, in: root) {
        case let string as String:
            let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    static func number(at path: String, in root: Any) -> Double? {
        guard let number = value(at: path, in: root) as? NSNumber, !(value(at: path, in: root) is Bool) else { return nil }
        return number.doubleValue
    }
}
