package io.github.devpigiteasync.server;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.SyncReport;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/**
 * The server's Prometheus metrics, in a registry of its own (never the global one).
 *
 * <p>Names: {@code devpi_gitea_sync_runs_total{result}}, {@code
 * devpi_gitea_sync_files_total{mapping,outcome}}, {@code
 * devpi_gitea_sync_uploaded_bytes_total{mapping}}, {@code
 * devpi_gitea_sync_last_success_timestamp_seconds{mapping}}, {@code
 * devpi_gitea_sync_mapping_up{mapping}}, {@code
 * devpi_gitea_sync_transfer_duration_seconds{mapping}} and {@code
 * devpi_gitea_sync_run_duration_seconds}.
 */
public final class ServerMetrics implements PassObserver {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter runs;
  private final Counter files;
  private final Counter bytes;
  private final Gauge lastSuccess;
  private final Gauge up;
  private final Histogram transferDuration;
  private final Histogram runDuration;
  private final List<String> mappings;

  ServerMetrics(List<MappingInfo> mappings) {
    this.mappings = mappings.stream().map(MappingInfo::name).toList();
    runs =
        Counter.builder()
            .name("devpi_gitea_sync_runs_total")
            .help("Sync passes by result (success, failure, error)")
            .labelNames("result")
            .register(registry);
    files =
        Counter.builder()
            .name("devpi_gitea_sync_files_total")
            .help("Files handled by outcome")
            .labelNames("mapping", "outcome")
            .register(registry);
    bytes =
        Counter.builder()
            .name("devpi_gitea_sync_uploaded_bytes_total")
            .help("Bytes uploaded to devpi")
            .labelNames("mapping")
            .register(registry);
    lastSuccess =
        Gauge.builder()
            .name("devpi_gitea_sync_last_success_timestamp_seconds")
            .help("Unix time of the mapping's last run without failures")
            .labelNames("mapping")
            .register(registry);
    up =
        Gauge.builder()
            .name("devpi_gitea_sync_mapping_up")
            .help("1 when the mapping's last run succeeded, else 0")
            .labelNames("mapping")
            .register(registry);
    transferDuration =
        Histogram.builder()
            .name("devpi_gitea_sync_transfer_duration_seconds")
            .help("Duration of each uploaded file's transfer (download and upload)")
            .labelNames("mapping")
            .classicOnly()
            .classicUpperBounds(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800)
            .register(registry);
    runDuration =
        Histogram.builder()
            .name("devpi_gitea_sync_run_duration_seconds")
            .help("Duration of each sync pass")
            .classicOnly()
            .classicUpperBounds(0.5, 1, 5, 10, 30, 60, 300, 900, 3600)
            .register(registry);
    for (String result : List.of("success", "failure", "error")) {
      runs.labelValues(result);
    }
    for (MappingInfo m : mappings) {
      bytes.labelValues(m.name());
      for (FileResult.Outcome o : FileResult.Outcome.values()) {
        files.labelValues(m.name(), o.name().toLowerCase(Locale.ROOT));
      }
    }
  }

  @Override
  public void passStarted(long id, PassScope scope) {}

  @Override
  public void passFinished(long id, PassScope scope, SyncReport report) {
    runs.labelValues(report.succeeded() ? "success" : "failure").inc();
    runDuration.observe(seconds(report.duration().toNanos()));
    for (MappingReport m : report.mappings()) {
      for (FileResult f : m.files()) {
        files.labelValues(m.mapping(), f.outcome().name().toLowerCase(Locale.ROOT)).inc();
        if (f.outcome() == FileResult.Outcome.UPLOADED) {
          transferDuration.labelValues(m.mapping()).observe(seconds(f.duration().toNanos()));
        }
      }
      bytes.labelValues(m.mapping()).inc(m.bytesUploaded());
      up.labelValues(m.mapping()).set(m.succeeded() ? 1 : 0);
      if (m.succeeded() && !report.dryRun()) {
        lastSuccess
            .labelValues(m.mapping())
            .set(seconds(m.started().plus(m.duration()).toEpochMilli() * 1_000_000L));
      }
    }
  }

  @Override
  public void passFailed(long id, PassScope scope, RuntimeException error) {
    runs.labelValues("error").inc();
    // the pass reported nothing: its mappings are down, as /health shows them failed
    for (String mapping : mappings) {
      if (scope.covers(mapping)) {
        up.labelValues(mapping).set(0);
      }
    }
  }

  /** Writes every metric in the Prometheus text format (version 0.0.4). */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  /** The content type of {@link #write}. */
  public String contentType() {
    return writer.getContentType();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
