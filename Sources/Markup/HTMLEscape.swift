/// Escaping for HTML written by hand (paragraphs built from plain text, the index page). Markup that
/// goes through libxml2's writer is escaped there instead.
public enum HTMLEscape {
    /// For text content: `&`, `<` and `>`.
    public static func text(_ text: String) -> String {
        escape(text, quotes: false)
    }

    /// For attribute values, and anywhere a quote could close one: also `"` and `'`.
    public static func attribute(_ text: String) -> String {
        escape(text, quotes: true)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        guard text.contains(where: { "&<>\"'".contains($0) }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "'" where quotes: result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
