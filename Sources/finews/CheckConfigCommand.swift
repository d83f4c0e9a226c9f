import ArgumentParser
import Config
import Foundation
import Store

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration and print what it says.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let config = try options.load()
        print("\(config.file.path): valid")
        if config.databaseIsPostgres {
            // The server as PostgresLocation reads it (with the PG* variables), without the password.
            do {
                print("  database: \(try PostgresLocation(url: config.database.absoluteString).description)")
            } catch {
                throw CLIError.store(error)
            }
        } else {
            print("  database: \(config.database.path)")
        }
        print("  output:   \(config.output.path)")
        print("  feeds:    \(config.feed.title), \(config.feed.items) items, base \(config.feed.baseURL), \(config.timeZone.identifier)")
        print("  sources:  \(config.sources.count)")
        for source in config.sources {
            let place = source.path?.path ?? source.url ?? ""
            print("    \(source.id) (\(source.kind.rawValue)\(source.enabled ? "" : ", disabled")): \(place)")
        }
    }
}
