import Foundation
import Yams

/// A ready-made source for a known site (`recipes/NAME.yaml`, built into the binary): a source entry
/// says `recipe: NAME`, may set the recipe's parameters as keys of its own, and may override any key.
public struct Recipe: Sendable, Equatable {
    public var name: String
    public var description: String
    public var parameters: [Parameter]
    /// The YAML file as written in `recipes/`.
    public var text: String

    public struct Parameter: Sendable, Equatable {
        public var name: String
        /// Nil: the source entry must set it.
        public var defaultValue: String?
        public var description: String
    }

    /// Every recipe built into this binary, by name.
    public static let all: [Recipe] = EmbeddedRecipes.files.compactMap { try? Recipe(text: $0.text, file: $0.name) }
        .sorted { $0.name < $1.name }

    public static func named(_ name: String) -> Recipe? { all.first { $0.name == name } }

    /// Parses a recipe file; `file` names it in errors.
    public init(text: String, file: String) throws(ConfigError) {
        var top = try ConfigMapping(try Self.compose(text, file: file), path: "", file: file)
        name = try top.requiredString("name")
        description = try top.requiredString("description")
        var parameters: [Parameter] = []
        if var mapping = try top.mapping("parameters") {
            for (key, _) in mapping.mapping {
                let name = key.string ?? ""
                guard var parameter = try mapping.mapping(name) else {
                    throw .missingKey(file: file, line: key.mark?.line, key: mapping.keyPath(name))
                }
                parameters.append(Parameter(name: name, defaultValue: try parameter.string("default"),
                                            description: try parameter.requiredString("description")))
                try parameter.rejectUnknownKeys()
            }
        }
        self.parameters = parameters
        _ = try top.mapping("source")
        try top.rejectUnknownKeys()
        self.text = text
    }

    /// The recipe's `source` mapping with parameter values filled in (`{column}`), every node marked
    /// at `mark` (the `recipe:` line of the configuration) so errors point where the user wrote it.
    func source(values: [String: String], mark: Mark?, file: String, key: String) throws(ConfigError) -> Node {
        var filled = text
        for parameter in parameters {
            guard let value = values[parameter.name] ?? parameter.defaultValue else {
                throw .missingKey(file: file, line: mark?.line, key: "\(key).\(parameter.name)")
            }
            filled = filled.replacingOccurrences(of: "{\(parameter.name)}", with: value)
        }
        let root = try Self.compose(filled, file: "recipe \(name)")
        guard let source = root.mapping?["source"], source.mapping != nil else {
            throw .missingKey(file: "recipe \(name)", line: nil, key: "source")
        }
        return Self.remark(source, mark)
    }

    static func compose(_ text: String, file: String) throws(ConfigError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else { throw ConfigError.missingKey(file: file, line: nil, key: "name") }
            return node
        } catch let error as ConfigError {
            throw error
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _),
                let YamlError.composer(_, problem, mark, _) {
            throw .yaml(file: file, line: mark.line, column: mark.column, problem: problem)
        } catch {
            throw .yaml(file: file, line: nil, column: nil, problem: "\(error)")
        }
    }

    private static func remark(_ node: Node, _ mark: Mark?) -> Node {
        switch node {
        case .scalar(let scalar):
            return .scalar(Node.Scalar(scalar.string, scalar.tag, scalar.style, mark))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map { remark($0, mark) }, sequence.tag, sequence.style, mark))
        case .mapping(let mapping):
            return .mapping(Node.Mapping(mapping.map { (remark($0.key, mark), remark($0.value, mark)) },
                                         mapping.tag, mapping.style, mark))
        case .alias:
            return node
        }
    }

    /// `base` with `overrides` on top: keys of `overrides` win, nested mappings (fields, headers,
    /// envelope, detail_rules) merge key by key; `body` is replaced whole.
    static func merge(_ base: Node, _ overrides: Node, skipping: Set<String>) -> Node {
        guard let baseMapping = base.mapping, let overMapping = overrides.mapping else { return overrides }
        var pairs: [(Node, Node)] = []
        for (key, value) in baseMapping {
            let name = key.string ?? ""
            if let override = overMapping.first(where: { $0.key.string == name })?.value {
                let deep = override.mapping != nil && value.mapping != nil && name != "body"
                pairs.append((key, deep ? merge(value, override, skipping: []) : override))
            } else {
                pairs.append((key, value))
            }
        }
        for (key, value) in overMapping {
            let name = key.string ?? ""
            guard !skipping.contains(name), !baseMapping.contains(where: { $0.key.string == name }) else { continue }
            pairs.append((key, value))
        }
        return .mapping(Node.Mapping(pairs, overMapping.tag, overMapping.style, overMapping.mark))
    }
}

extension SourceConfig {
    /// A source entry with `recipe: NAME` turned into the recipe's source with the entry on top.
    static func expandingRecipe(_ node: Node, path: String, file: String) throws(ConfigError) -> (Node, String?) {
        guard let mapping = node.mapping, let recipeNode = mapping["recipe"] else { return (node, nil) }
        guard case .scalar(let scalar) = recipeNode, !scalar.string.isEmpty else {
            throw .wrongType(file: file, line: recipeNode.mark?.line, key: "\(path).recipe", expected: "a recipe name")
        }
        guard let recipe = Recipe.named(scalar.string) else {
            throw .invalidValue(file: file, line: recipeNode.mark?.line, key: "\(path).recipe",
                                reason: "no recipe '\(scalar.string)' (known: \(Recipe.all.map(\.name).joined(separator: ", ")))")
        }
        var values: [String: String] = [:]
        for parameter in recipe.parameters {
            guard let value = mapping[parameter.name] else { continue }
            // Values go into URLs and YAML text: plain URL-safe words only (`1207`, `a-stock`, `c100028`).
            guard case .scalar(let text) = value,
                  text.string.range(of: #"^[A-Za-z0-9._~-]{1,100}$"#, options: .regularExpression) != nil else {
                throw .invalidValue(file: file, line: value.mark?.line, key: "\(path).\(parameter.name)",
                                    reason: "a parameter of recipe \(recipe.name) must be letters, digits, '.', '_', '~' or '-'")
            }
            values[parameter.name] = text.string
        }
        let source = try recipe.source(values: values, mark: recipeNode.mark, file: file, key: path)
        let skipping = Set(["recipe"] + recipe.parameters.map(\.name))
        return (Recipe.merge(source, node, skipping: skipping), recipe.name)
    }
}

extension SourceConfig {
    /// One source entry written as YAML (`{id: x, recipe: cls-telegraph}`), read as a source of `config`
    /// would be: for `finews try --recipe` and `finews try URL --kind`.
    public static func parse(entry yaml: String, label: String, folder: URL) throws(ConfigError) -> SourceConfig {
        let node = try Recipe.compose(yaml, file: label)
        let (expanded, recipe) = try expandingRecipe(node, path: "source", file: label)
        var mapping = try ConfigMapping(expanded, path: "source", file: label)
        var source = try read(&mapping, folder: folder)
        source.recipe = recipe
        try mapping.rejectUnknownKeys()
        return source
    }
}
