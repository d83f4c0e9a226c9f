import ArgumentParser
import Foundation
import Sanitize

/// `finews sanitize [--base URL]`: HTML on standard input, sanitized HTML on standard output.
struct SanitizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sanitize", abstract: "Sanitize HTML from standard input with finews' allowlist.")

    @Option(help: ArgumentHelp("The page URL relative links are resolved against.", valueName: "URL"))
    var base: String?

    func run() throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let html = String(validating: data, as: UTF8.self) else {
            throw ValidationError("standard input is not UTF-8")
        }
        let output = Sanitizer(baseURL: base).sanitize(html: html)
        FileHandle.standardOutput.write(Data((output.isEmpty ? "" : output + "\n").utf8))
    }
}
