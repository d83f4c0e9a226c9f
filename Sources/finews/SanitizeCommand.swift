import ArgumentParser
import Decode
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
        // The Decode stage's detection: a GBK page piped in reads as it would when fetched.
        let html: String
        do { html = try TextDecoder.decode(data, contentType: nil, location: "standard input").text } catch {
            throw ValidationError("standard input is not text: \(error)")
        }
        let output = Sanitizer(baseURL: base).sanitize(html: html)
        FileHandle.standardOutput.write(Data((output.isEmpty ? "" : output + "\n").utf8))
    }
}
