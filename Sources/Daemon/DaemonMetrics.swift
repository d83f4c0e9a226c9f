import Foundation
public import Prometheus
import Refresh
public import Store

/// The Prometheus metrics of one daemon, on its own registry (no global state, so tests can run
/// several daemons in one process).
public final class DaemonMetrics: RefreshObserver {
    public let registry: PrometheusCollectorRegistry
    private let refreshDuration: DurationHistogram
    private let articles: Gauge
    private let stories: Gauge
    private let lastSuccess: Gauge

    static let durationBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        refreshDuration = registry.makeDurationHistogram(
            descriptor: Self.name("refresh_duration", "seconds", "Wall time of whole refreshes: reading sources, storing, publishing."),
            buckets: Self.durationBuckets)
        articles = registry.makeGauge(descriptor: Self.name("articles", "", "Current (not removed) articles in the archive."))
        stories = registry.makeGauge(descriptor: Self.name("stories", "", "Distinct stories among current articles."))
        lastSuccess = registry.makeGauge(descriptor: Self.name("last_refresh_success_timestamp", "seconds",
                                                               "Unix time of the last refresh that finished."))
    }

    private func refreshes(_ trigger: RefreshTrigger, _ result: String) -> Counter {
        registry.makeCounter(descriptor: Self.name("refreshes", "total", "Refreshes by trigger and result."),
                             labels: [("trigger", trigger.rawValue), ("result", result)])
    }

    public func sourceFinished(_ sourceID: String, after duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Self.name("source_fetch_duration", "seconds",
                                  "Time from the start of a refresh until the source was read and stored."),
            labels: [("source", sourceID)], buckets: Self.durationBuckets)
            .record(duration)
    }

    public func refreshFinished(_ report: RefreshReport, trigger: RefreshTrigger, duration: Duration, archive: any ArchiveStore) {
        refreshes(trigger, report.hasErrors ? "errors" : "ok").increment()
        refreshDuration.record(duration)
        for outcome in report.outcomes {
            let errors = outcome.errors.count + (outcome.failure == nil ? 0 : 1)
            registry.makeCounter(descriptor: Self.name("source_errors", "total", "Item errors and whole-source failures, per source."),
                                 labels: [("source", outcome.sourceID)])
                .increment(by: Int64(errors))
            for (kind, count) in [("new", outcome.new), ("updated", outcome.updated), ("removed", outcome.removed)] {
                registry.makeCounter(descriptor: Self.name("article_changes", "total",
                                                           "Articles that refreshes found new, updated or removed."),
                                     labels: [("source", outcome.sourceID), ("kind", kind)])
                    .increment(by: Int64(count))
            }
        }
        lastSuccess.set(Date().timeIntervalSince1970)
        updateArchiveGauges(archive)
    }

    public func refreshFailed(trigger: RefreshTrigger, duration: Duration) {
        refreshes(trigger, "failed").increment()
        refreshDuration.record(duration)
    }

    public func updateArchiveGauges(_ archive: any ArchiveStore) {
        if let count = try? archive.articleCount() { articles.set(Int64(count)) }
        if let count = try? archive.storyCount() { stories.set(Int64(count)) }
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "finews", metricName: metric, unitName: unit, helpText: help)
    }

    public func text() -> String { registry.emitToString() }
}
