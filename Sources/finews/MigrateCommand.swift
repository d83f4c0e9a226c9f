import ArgumentParser
import Config
import Foundation
import Store

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the archive into an empty archive of the other backend, and check the copy.",
        discussion: """
            Moving up: `finews migrate --to postgresql://user@host:5432/finews` copies the configured SQLite \
            archive into a PostgreSQL database (created beforehand, empty). Moving back: with a PostgreSQL \
            `database:` configured, `finews migrate --to path/finews.sqlite` copies it into a new SQLite file. \
            Every table is copied; the search index is made anew on the target. The copy is then checked: \
            each table's row count, and a digest of every article on both sides. Exit status 1 when they \
            differ. Stop the daemon first (or every role of a cluster): the copy reads a moving archive \
            otherwise. Then point `database:` at the target.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("The empty archive to copy into: a postgresql:// URL or an SQLite file path.",
                               valueName: "archive"))
    var to: String

    func run() throws {
        let config = try options.load()
        let target: URL
        if FinewsConfig.isPostgresURL(to) {
            guard let url = URL(string: to) else { throw CLIError.usage("'\(to)' is not a PostgreSQL URL") }
            target = url
        } else {
            target = URL(fileURLWithPath: (to as NSString).expandingTildeInPath)
            if FileManager.default.fileExists(atPath: target.path) {
                throw CLIError.usage("\(target.path) exists; migrate creates a new SQLite archive")
            }
        }
        guard target.absoluteString != config.database.absoluteString else {
            throw CLIError.usage("the target is the configured archive itself")
        }
        let source = try options.openArchive(config)
        let destination: any ArchiveStore
        do {
            destination = try ArchiveBackend.open(target)
        } catch {
            throw CLIError.store(error)
        }
        let terminal = standardErrorIsTerminal
        let report: ArchiveCopy.Report
        do {
            report = try ArchiveCopy.copy(from: source, to: destination) { progress in
                guard terminal else { return }
                let line = switch progress {
                case let .copying(table, rows, total): "copying \(table): \(rows) of \(total) rows"
                case let .finishing(what): "making the \(what)"
                case let .comparing(articles, total): "comparing: \(articles) of \(total) articles"
                }
                FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            }
        } catch {
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            throw CLIError.store(error)
        }
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print("copied \(source.location) into \(destination.location)")
        for table in report.tables {
            let mark = table.source == table.target ? "" : "  DIFFERS"
            print("  \(table.table): \(table.source) rows, \(table.target) in the copy\(mark)")
        }
        print("  articles compared by digest: \(report.articlesCompared), differing: \(report.mismatched.count)")
        for id in report.mismatched.prefix(20) { print("  differs: \(id)") }
        guard report.isExact else { throw ExitCode(1) }
    }
}
