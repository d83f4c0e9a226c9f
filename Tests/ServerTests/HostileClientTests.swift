import Foundation
import Testing

/// Clients that misbehave must not take the server down or hold it up for others.
@Suite struct HostileClientTests {
    @Test func oversizedHeadersAreRefusedAndTheServerCarriesOn() async throws {
        let server = try await TestServer.start()
        let port = server.port
        let data = try await offPool { () -> Data in
            guard let connection = RawConnection(port: port) else { return Data() }
            let huge = String(repeating: "a", count: 64 * 1024)
            connection.send("GET /atom.xml HTTP/1.1\r\nHost: x\r\nX-Big: \(huge)\r\n\r\n")
            return connection.receive().data
        }
        let status = String(decoding: data.prefix(12), as: UTF8.self)
        // Either an error status or a closed connection; never the feed.
        #expect(!status.contains("200"))
        #expect(try await Curl.get(server.url("/atom.xml")).status == 200)
        await server.stop()
    }

    @Test func aSlowClientDoesNotHoldUpOthersAndIsDisconnected() async throws {
        // Were the slow client able to hold the server, each request below would wait for its 5 s idle
        // timeout: 25 s or more. The bound sits far from both that and the few milliseconds each takes,
        // because tests share a loaded 2-core machine.
        let server = try await TestServer.start(idleTimeout: .seconds(5))
        let slow = try #require(RawConnection(port: server.port, timeout: 15))
        slow.send("GET /atom.xml HTTP/1.1\r\nHo")
        let started = Date()
        for _ in 0..<5 {
            #expect(try await Curl.get(server.url("/atom.xml")).status == 200)
            slow.send("s")
        }
        #expect(Date().timeIntervalSince(started) < 15)
        // Without a complete request the idle timeout closes it.
        let closed = try await offPool { slow.receive().closed }
        #expect(closed)
        await server.stop()
    }

    @Test func aBurstOfAThousandConnectionsIsServed() async throws {
        let server = try await TestServer.start()
        let port = server.port
        let (opened, answered) = try await offPool { () -> (Int, Int) in
            var connections: [RawConnection] = []
            for _ in 0..<1000 {
                guard let connection = RawConnection(port: port, timeout: 10) else { break }
                connections.append(connection)
            }
            for connection in connections {
                connection.send("GET /atom.xml HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n")
            }
            return (connections.count, connections.filter { $0.receiveStatus() == 304 }.count)
        }
        #expect(opened == 1000)
        #expect(answered == 1000)
        #expect(try await Curl.get(server.url("/atom.xml")).status == 200)
        await server.stop()
    }
}
