/// Waiting, injected so retry and pacing tests run without real delays.
public protocol Sleeper: Sendable {
    func sleep(seconds: Double) async
}

public struct TaskSleeper: Sleeper {
    public init() {}

    public func sleep(seconds: Double) async {
        guard seconds > 0 else { return }
        try? await Task.sleep(for: .milliseconds(Int((seconds * 1000).rounded(.up))))
    }
}
