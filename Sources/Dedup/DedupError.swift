/// Failures of the near-duplicate machinery (OpenCC's dictionaries missing, for one).
public enum DedupError: Error, Equatable, Sendable {
    case converterUnavailable(config: String, message: String)
}
