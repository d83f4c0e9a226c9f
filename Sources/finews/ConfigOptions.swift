import ArgumentParser
import Config
import Foundation
import Store

/// `--config PATH`, shared by every subcommand.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The configuration file.",
        discussion: "Default: $FINEWS_CONFIG, else ./config/finews.yaml if present, else /etc/finews/finews.yaml.",
        valueName: "path"))
    var config: String?

    /// Loads and validates the configuration; a bad one ends the command with exit code 2.
    func load() throws -> FinewsConfig {
        let file = FinewsConfig.locate(explicit: config)
        do {
            return try FinewsConfig.load(from: file)
        } catch {
            throw CLIError.config(error)
        }
    }

    /// Root works on another user's archive as that user: even reading creates SQLite's -wal and -shm
    /// files, and root-owned ones would lock the owner (the service) out.
    func becomeArchiveOwnerIfRoot(_ config: FinewsConfig) throws {
        guard geteuid() == 0 else { return }
        if case let .become(uid, gid) = ArchiveOwner.decide(stateDirectory: config.stateDirectory,
                                                           configFile: FinewsConfig.locate(explicit: self.config).path) {
            try ArchiveOwner.become(uid: uid, gid: gid)
        }
    }

    func openArchive(_ config: FinewsConfig) throws -> any ArchiveStore {
        try becomeArchiveOwnerIfRoot(config)
        do {
            return try ArchiveBackend.open(config.database)
        } catch {
            throw CLIError.store(error)
        }
    }
}

/// Failures the CLI reports in one line on standard error, with the exit code the README promises.
enum CLIError: Error, CustomStringConvertible {
    case config(ConfigError)
    case store(StoreError)
    case usage(String)

    var description: String {
        switch self {
        case .config(let error): "finews: \(error)"
        case .store(let error): "finews: \(error)"
        case .usage(let message): "finews: \(message)"
        }
    }
}

/// Writes to standard error, which stays free for diagnostics while stdout carries data.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// True when standard error is a terminal: only then is progress drawn.
var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
