public import Foundation

/// The final response to a request, after redirects and retries.
public struct FetchResponse: Sendable, Equatable {
    public var url: String
    /// The URL after redirects.
    public var finalURL: String
    public var status: Int
    /// Headers of the final response (not of the redirects before it).
    public var headers: HTTPHeaders
    /// The body as decoded from its Content-Encoding; empty for 304.
    public var body: Data
    /// How many attempts it took (1 without retries).
    public var attempts: Int

    public init(url: String, finalURL: String, status: Int, headers: HTTPHeaders, body: Data, attempts: Int) {
        self.url = url
        self.finalURL = finalURL
        self.status = status
        self.headers = headers
        self.body = body
        self.attempts = attempts
    }

    /// 304: the stored copy is current; nothing to parse.
    public var notModified: Bool { status == 304 }
    public var contentType: String? { headers["content-type"] }
    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }
}

/// Response header fields in arrival order; names compare case-insensitively (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public private(set) var fields: [Field] = []

    public init(_ fields: [(String, String)] = []) {
        for (name, value) in fields { append(name: name, value: value) }
    }

    public mutating func append(name: String, value: String) {
        fields.append(Field(name: name.lowercased(), value: value))
    }

    /// The last value of a field.
    public subscript(name: String) -> String? {
        let key = name.lowercased()
        return fields.last { $0.name == key }?.value
    }
}

extension HTTPHeaders {
    /// One header line as libcurl hands it over, for every response of a transfer: a status line
    /// starts a new response (a redirect's or a 100 Continue's headers must not mix with the final ones).
    package mutating func receive(line raw: String) {
        let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            self = HTTPHeaders()
        } else if let colon = line.firstIndex(of: ":") {
            append(name: String(line[..<colon]),
                   value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }
}
