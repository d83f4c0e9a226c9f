import Foundation

/// Dot-separated keys and list indexes into parsed JSON (`data.list`, `items.0.url`). A string that
/// holds a JSON document is entered like the document (sina's `ext` is JSON inside a string).
enum JSONPath {
    static func value(at path: String, in root: Any) -> Any? {
        var current: Any = root
        for key in path.split(separator: ".", omittingEmptySubsequences: true) {
            if let string = current as? String, let parsed = JSONText.embedded(string) {
                current = parsed
            }
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
        text(of: value(at: path, in: root))
    }

    static func text(of value: Any?) -> String? {
        switch value {
        case let string as String:
            let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case let number as NSNumber: return isBoolean(number) ? (number.boolValue ? "true" : "false") : number.stringValue
        default: return nil
        }
    }

    static func number(at path: String, in root: Any) -> Double? {
        guard let number = value(at: path, in: root) as? NSNumber, !isBoolean(number) else { return nil }
        return number.doubleValue
    }

    /// JSON `true`/`false` come back as NSNumber (and `1 is Bool` holds on Linux); only the type
    /// encoding `c` tells a boolean from a number, as JSON has no 8-bit integers.
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}

/// API answers as sites send them: JSON, JSONP (`jQuery123({…});`) or a JavaScript assignment
/// (`var ajaxResult = {…};`).
enum JSONText {
    static func parse(_ text: String) -> Any? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
        if let value = json(trimmed) { return value }
        guard let inner = unwrapped(trimmed) else { return nil }
        return json(inner)
    }

    /// A string value that is itself a JSON object or list.
    static func embedded(_ string: String) -> Any? {
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = trimmed.first, first == "{" || first == "[" else { return nil }
        return json(trimmed)
    }

    private static func json(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// The JSON inside `callback(…)` or `var name = …;`, with `/**/` and `;` around it dropped.
    static func unwrapped(_ text: String) -> String? {
        var body = Substring(text)
        if body.hasPrefix("/**/") { body = body.dropFirst(4) }
        body = body.drop(while: \.isWhitespace)
        while body.last == ";" || body.last?.isWhitespace == true { body = body.dropLast() }
        let assignment = #"^(?:(?:var|let|const)\s+)?[A-Za-z_$][\w$.]*\s*=\s*"#
        if let range = body.range(of: assignment, options: .regularExpression) {
            return String(body[range.upperBound...])
        }
        let call = #"^[A-Za-z_$][\w$.]*\s*\("#
        if let range = body.range(of: call, options: .regularExpression), body.last == ")" {
            return String(body[range.upperBound..<body.index(before: body.endIndex)])
        }
        return nil
    }
}
