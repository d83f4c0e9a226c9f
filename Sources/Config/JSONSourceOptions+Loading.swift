import Foundation
import Yams

extension JSONSourceOptions {
    static func read(_ entry: inout ConfigMapping) throws(ConfigError) -> JSONSourceOptions {
        var options = JSONSourceOptions()
        options.records = try entry.string("records")?.trimmingCharacters(in: .whitespaces) ?? "" // the whole response
        if var fields = try entry.mapping("fields") {
            options.fields = try JSONFieldMap.read(&fields)
            try fields.rejectUnknownKeys()
        }
        options.detailURL = try entry.recordTemplate("detail_url") // none: bodies come with the records
        if let format = try entry.string("detail_format") { // json
            guard let parsed = DetailFormat(rawValue: format) else {
                throw entry.invalid("detail_format", "'\(format)' must be one of: "
                                    + DetailFormat.allCases.map(\.rawValue).joined(separator: ", "))
            }
            options.detailFormat = parsed
        }
        options.detailBody = try entry.fieldPaths("detail_body") // fields.body
        if var rules = try entry.mapping("detail_rules") { // the generic extractor alone
            options.detailRules = try SiteRulesConfig.read(&rules)
        }
        options.linkTemplate = try entry.recordTemplate("link_template") // none: the link field
        if let base = try entry.string("link_base") { // the source URL
            guard let url = URLComponents(string: base), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
                throw entry.invalid("link_base", "'\(base)' must be an absolute http or https URL")
            }
            options.linkBase = base
        }
        try options.readRequest(&entry)
        for (index, text) in (try entry.strings("skip") ?? []).enumerated() { // nothing skipped
            guard let condition = SkipCondition.parse(text) else {
                throw .invalidValue(file: entry.file, line: entry.line(of: "skip"), key: "\(entry.keyPath("skip"))[\(index)]",
                                    reason: "'\(text)' must be 'PATH == VALUE', 'PATH != VALUE' or 'PATH contains TEXT'")
            }
            options.skip.append(condition)
        }
        options.outlet = try entry.string("outlet") // none: the record's own or nothing
        if var envelope = try entry.mapping("envelope") { // no check
            options.envelope = try Envelope.read(&envelope)
        }
        if options.detailBody != nil && options.detailURL == nil {
            throw entry.invalid("detail_body", "needs detail_url")
        }
        if options.detailRules != nil && options.detailFormat != .page {
            throw entry.invalid("detail_rules", "needs detail_format: page")
        }
        if options.detailURL == nil && entry.has("detail_format") {
            throw entry.invalid("detail_format", "needs detail_url")
        }
        if options.detailFormat == .page && options.detailBody != nil {
            throw entry.invalid("detail_body", "is for detail_format json or next_data; a page's body is found by the "
                                + "extractor (detail_rules)")
        }
        if options.detailFormat == .nextData && options.detailBody == nil {
            throw entry.invalid("detail_format", "next_data needs detail_body, the path of the body in the page's JSON")
        }
        return options
    }

    /// `method`, `headers`, `body`, `body_type` and `sign`: how the list request is made.
    private mutating func readRequest(_ entry: inout ConfigMapping) throws(ConfigError) {
        if let name = try entry.string("method") { // GET
            guard let parsed = HTTPMethod(rawValue: name.uppercased()) else {
                throw entry.invalid("method", "'\(name)' must be GET or POST")
            }
            method = parsed
        }
        if var mapping = try entry.mapping("headers") { // none beyond the client's
            for (key, _) in mapping.mapping {
                let name = key.string ?? ""
                guard name.range(of: #"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$"#, options: .regularExpression) != nil else {
                    throw .invalidValue(file: entry.file, line: key.mark?.line, key: mapping.keyPath(name),
                                        reason: "'\(name)' is not an HTTP header name")
                }
                guard let value = try mapping.string(name), !value.contains("\n"), !value.contains("\r") else {
                    throw .invalidValue(file: entry.file, line: key.mark?.line, key: mapping.keyPath(name),
                                        reason: "must be one line of text")
                }
                if let unknown = RequestTemplate.unknownPlaceholder(in: value) {
                    throw mapping.invalid(name, Self.placeholderReason(unknown))
                }
                headers[name] = value
            }
        }
        if let type = try entry.string("body_type") { // json
            guard let parsed = BodyType(rawValue: type) else {
                throw entry.invalid("body_type", "'\(type)' must be json or form")
            }
            bodyType = parsed
        }
        if let node = entry.node("body"), !node.isNullScalar { // none
            body = try Self.bodyText(node, type: bodyType, entry: entry)
            if let unknown = RequestTemplate.unknownPlaceholder(in: body ?? "") {
                throw entry.invalid("body", Self.placeholderReason(unknown))
            }
        }
        if let name = try entry.string("sign") { // unsigned
            guard let signer = QuerySigner(rawValue: name) else {
                throw entry.invalid("sign", "unknown signer '\(name)' (known: "
                                    + QuerySigner.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            sign = signer
        }
        if method == .post && body == nil { throw entry.invalid("method", "POST needs a body") }
        if method == .get && body != nil { throw entry.invalid("body", "needs method: POST") }
        if entry.has("body_type") && body == nil { throw entry.invalid("body_type", "needs a body") }
    }

    static func placeholderReason(_ name: String) -> String {
        "unknown placeholder {\(name)} (known: " + RequestTemplate.names.map { "{\($0)}" }.joined(separator: ", ") + ")"
    }

    /// A string is sent as written; a mapping becomes a JSON object or form fields.
    private static func bodyText(_ node: Node, type: BodyType, entry: ConfigMapping) throws(ConfigError) -> String {
        if case .scalar(let scalar) = node { return scalar.string }
        guard case .mapping(let mapping) = node else {
            throw .wrongType(file: entry.file, line: node.mark?.line, key: entry.keyPath("body"),
                             expected: "a string or a mapping")
        }
        switch type {
        case .json:
            guard let data = try? JSONSerialization.data(withJSONObject: jsonValue(node), options: [.sortedKeys, .withoutEscapingSlashes]),
                  let text = String(data: data, encoding: .utf8) else {
                throw .invalidValue(file: entry.file, line: node.mark?.line, key: entry.keyPath("body"),
                                    reason: "cannot be written as JSON")
            }
            return text
        case .form:
            var pairs: [String] = []
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~{}"))
            for (key, value) in mapping {
                guard case .scalar(let scalar) = value, let name = key.string else {
                    throw .wrongType(file: entry.file, line: value.mark?.line, key: entry.keyPath("body"),
                                     expected: "form fields with plain values")
                }
                pairs.append((name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name) + "="
                             + (scalar.string.addingPercentEncoding(withAllowedCharacters: allowed) ?? scalar.string))
            }
            return pairs.joined(separator: "&")
        }
    }

    /// YAML as JSON: plain scalars typed (numbers, booleans, null), quoted ones strings.
    private static func jsonValue(_ node: Node) -> Any {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.isNullScalar { return NSNull() }
                if let int = node.int { return int }
                if let double = node.float { return double }
                if let bool = node.bool { return bool }
            }
            return scalar.string
        case .sequence(let sequence): return sequence.map(jsonValue)
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, value) in mapping { object[key.string ?? "\(key)"] = jsonValue(value) }
            return object
        case .alias: return NSNull()
        }
    }
}

extension JSONFieldMap {
    static func read(_ fields: inout ConfigMapping) throws(ConfigError) -> JSONFieldMap {
        var map = JSONFieldMap()
        let keys: [(String, WritableKeyPath<JSONFieldMap, [FieldPath]>)] = [
            ("id", \.id), ("title", \.title), ("link", \.link), ("published", \.published),
            ("outlet", \.outlet), ("summary", \.summary), ("body", \.body),
        ]
        // Defaults: id, title, url, published, source, summary, content.
        for (key, path) in keys {
            if let alternatives = try fields.fieldPaths(key) {
                map[keyPath: path] = alternatives
                map.configured.append(key)
            }
        }
        return map
    }
}

extension SiteRulesConfig {
    static func read(_ rules: inout ConfigMapping) throws(ConfigError) -> SiteRulesConfig {
        let config = SiteRulesConfig(
            title: try rules.string("title"), // the extractor's choice
            time: try rules.string("time"), // metadata, byline, URL
            body: try rules.string("body"), // the best-scoring block
            remove: try rules.strings("remove") ?? []) // nothing beyond the generic noise
        try rules.rejectUnknownKeys()
        return config
    }
}

extension Envelope {
    static func read(_ mapping: inout ConfigMapping) throws(ConfigError) -> Envelope {
        let code = try mapping.requiredString("code")
        guard let ok = try mapping.strings("ok"), !ok.isEmpty else {
            throw .missingKey(file: mapping.file, line: mapping.line, key: mapping.keyPath("ok"))
        }
        let message = try mapping.strings("message") ?? ["message", "msg", "error"]
        try mapping.rejectUnknownKeys()
        return Envelope(code: code, ok: ok, message: message)
    }
}

extension ConfigMapping {
    func invalid(_ key: String, _ reason: String) -> ConfigError {
        .invalidValue(file: file, line: line(of: key), key: keyPath(key), reason: reason)
    }

    func has(_ key: String) -> Bool { mapping.contains(where: { $0.key.string == key }) }

    /// One path or a list of alternatives, each `PATH` or `PATH | FILTER`.
    mutating func fieldPaths(_ key: String) throws(ConfigError) -> [FieldPath]? {
        guard let texts = try strings(key) else { return nil }
        var paths: [FieldPath] = []
        for text in texts {
            let parts = text.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let path = parts.first, !path.isEmpty, !path.contains(" ") else {
                throw invalid(key, "'\(text)' must be a path such as data.title, optionally with '| FILTER'")
            }
            var filter: FieldPath.Filter?
            if parts.count == 2 {
                guard let parsed = FieldPath.Filter(rawValue: parts[1]) else {
                    throw invalid(key, "unknown filter '\(parts[1])' in '\(text)' (known: "
                                  + FieldPath.Filter.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                }
                filter = parsed
            }
            paths.append(FieldPath(path: path, filter: filter))
        }
        return paths
    }

    /// A URL template filled per record: `{id}`, `{link}` (the record's link) or record paths in
    /// braces (`https://disc.static.szse.cn/download{attachPath}`).
    mutating func recordTemplate(_ key: String) throws(ConfigError) -> String? {
        guard let text = try string(key)?.trimmingCharacters(in: .whitespaces) else { return nil }
        let names = RequestTemplate.placeholders(in: text)
        var sample = text
        for name in names { sample = sample.replacingOccurrences(of: "{\(name)}", with: name == "link" ? "https://x.invalid/x" : "x") }
        guard !names.isEmpty, let url = URLComponents(string: sample),
              ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
            throw invalid(key, "'\(text)' must be an http or https URL with {id}, {link} or a record field in braces")
        }
        return text
    }
}

extension Node {
    var isNullScalar: Bool {
        if case .scalar(let scalar) = self, scalar.style == .plain,
           ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return true }
        return false
    }
}
