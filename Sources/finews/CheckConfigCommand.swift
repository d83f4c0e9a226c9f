import ArgumentParser
import Config
import Foundation

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration and print what it says.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        print("\(config.file.path): valid")
        print("  database: \(config.database.path)")
        print("  output:   \(config.output.path)")
        print("  feeds:    \(config.feed.title), \(config.feed.items) items, base \(config.feed.baseURL), \(config.timeZone.identifier)")
        print("  sources:  \(config.sources.count)")
        for source in config.sources {
            let place = source.path?.path ?? source.url ?? ""
            print("    \(source.id) (\(source.kind.rawValue)\(source.enabled ? "" : ", disabled")): \(place)")
        }
    }
}
