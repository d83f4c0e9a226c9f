import ArgumentParser
import Foundation
import Logging

/// The `finews` command: a thin layer over the pipeline's targets.
@main
struct Finews: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finews",
        abstract: "Aggregates Chinese financial news into RSS, Atom and JSON Feed.",
        subcommands: [
            RefreshCommand.self, ArticlesCommand.self, ChangesCommand.self, FeedCommand.self,
            SourcesCommand.self, CheckConfigCommand.self, ImportCommand.self, ExtractCommand.self,
            SanitizeCommand.self, ServeCommand.self, RecipesCommand.self, TryCommand.self, ExportCommand.self,
            SearchCommand.self, MigrateCommand.self,
        ])

    /// Exit codes: 0 ok, 1 a source had errors, 2 usage and configuration errors. ArgumentParser's own
    /// usage failures (64) are folded into 2 so scripts have one code to test.
    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["FINEWS_LOG_LEVEL"]
                .flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
