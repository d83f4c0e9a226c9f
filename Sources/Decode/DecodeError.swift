/// Bytes that could not be turned into text. `location` is a file path or URL.
public enum DecodeError: Error, Equatable, Sendable {
    case binary(location: String)
    case undecodable(location: String, charset: String?)
}
