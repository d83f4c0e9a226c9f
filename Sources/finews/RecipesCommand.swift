import ArgumentParser
import Config
import Foundation

struct RecipesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipes",
        abstract: "List the built-in recipes, a line each: name, what it reads, and its parameters.",
        discussion: "Use one in a source entry: {id: cls, recipe: cls-telegraph}; any key may be overridden.")

    @Flag(help: "Print JSON Lines: one object per recipe.")
    var json = false

    struct Line: Encodable {
        var name: String
        var description: String
        var parameters: [String: String?]
        var source: String
    }

    func run() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let width = Recipe.all.map(\.name.count).max() ?? 0
        for recipe in Recipe.all {
            if json {
                let line = Line(name: recipe.name, description: recipe.description,
                                parameters: Dictionary(uniqueKeysWithValues: recipe.parameters.map { ($0.name, $0.defaultValue) }),
                                source: recipe.text)
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
                continue
            }
            let parameters = recipe.parameters.map { parameter in
                parameter.name + (parameter.defaultValue.map { "=\($0)" } ?? " (required)")
            }
            let padded = recipe.name.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(padded)  \(recipe.description)" + (parameters.isEmpty ? "" : " [\(parameters.joined(separator: ", "))]"))
        }
    }
}
