/// Failures of the near-duplicate machinery (OpenCC's dictionaries missing, for one).
public enum DedupError: Error, Equatable, Sendable {
    case converterUnavailable(config: String, message: String)
    /// A line of a labelled stream that is not a JSON object with the needed fields.
    case badStreamLine(file: String, line: Int, reason: String)
}
