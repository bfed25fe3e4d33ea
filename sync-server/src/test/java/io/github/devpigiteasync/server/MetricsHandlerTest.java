package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.FileResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} through a started server, parsed strictly. */
class MetricsHandlerTest {

  private static RecordingPass pass() {
    RecordingPass pass = new RecordingPass();
    pass.answer =
        m -> {
          if (m == Fixtures.WEB) {
            return Fixtures.ok(
                m,
                Fixtures.uploaded("example", "1.0", "example-1.0-py3-none-any.whl", 1000),
                Fixtures.uploaded("example", "1.0", "example-1.0.tar.gz", 500),
                Fixtures.skipped("example", "0.1", "example-0.1.egg", "not a wheel or sdist"));
          }
          if (m == Fixtures.TOOLS) {
            return Fixtures.ok(
                m,
                new FileResult(
                    "tool",
                    "2.0",
                    "tool-2.0.tar.gz",
                    FileResult.Outcome.FAILED,
                    "boom",
                    0,
                    Duration.ofMillis(50)));
          }
          return Fixtures.ok(m);
        };
    return pass;
  }

  private static PrometheusText scrape(TestServer t) {
    HttpResponse<String> response = t.get("metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    return PrometheusText.parse(response.body());
  }

  @Test
  void metricsAreValidPrometheusTextWithTheDocumentedFamilies() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass())) {

      PrometheusText metrics = scrape(t);

      assertThat(metrics.types)
          // text format 0.0.4 declares counters under their sample name, _total included
          .containsEntry("devpi_gitea_sync_runs_total", "counter")
          .containsEntry("devpi_gitea_sync_files_total", "counter")
          .containsEntry("devpi_gitea_sync_uploaded_bytes_total", "counter")
          .containsEntry("devpi_gitea_sync_last_success_timestamp_seconds", "gauge")
          .containsEntry("devpi_gitea_sync_mapping_up", "gauge")
          .containsEntry("devpi_gitea_sync_transfer_duration_seconds", "histogram")
          .containsEntry("devpi_gitea_sync_run_duration_seconds", "histogram");
      assertThat(metrics.types.keySet())
          .allSatisfy(name -> assertThat(name).startsWith("devpi_gitea_sync_"));
    }
  }

  @Test
  void metricsCountRunsFilesByOutcomeAndBytesPerMapping() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass())) {

      PrometheusText metrics = scrape(t);

      assertThat(metrics.value("devpi_gitea_sync_runs_total", "result", "failure")).isEqualTo(1);
      assertThat(metrics.value("devpi_gitea_sync_runs_total", "result", "success")).isZero();
      assertThat(metrics.value("devpi_gitea_sync_runs_total", "result", "error")).isZero();
      assertThat(
              metrics.value(
                  "devpi_gitea_sync_files_total", "mapping", "web", "outcome", "uploaded"))
          .isEqualTo(2);
      assertThat(
              metrics.value("devpi_gitea_sync_files_total", "mapping", "web", "outcome", "skipped"))
          .isEqualTo(1);
      assertThat(
              metrics.value("devpi_gitea_sync_files_total", "mapping", "web", "outcome", "failed"))
          .isZero();
      assertThat(
              metrics.value(
                  "devpi_gitea_sync_files_total", "mapping", "tools", "outcome", "failed"))
          .isEqualTo(1);
      assertThat(
              metrics.value(
                  "devpi_gitea_sync_files_total", "mapping", "other", "outcome", "present"))
          .isZero();
      assertThat(metrics.value("devpi_gitea_sync_uploaded_bytes_total", "mapping", "web"))
          .isEqualTo(1500);
      assertThat(metrics.value("devpi_gitea_sync_uploaded_bytes_total", "mapping", "tools"))
          .isZero();
      assertThat(metrics.value("devpi_gitea_sync_mapping_up", "mapping", "web")).isEqualTo(1);
      assertThat(metrics.value("devpi_gitea_sync_mapping_up", "mapping", "tools")).isZero();
      assertThat(metrics.value("devpi_gitea_sync_run_duration_seconds_count")).isEqualTo(1);
      assertThat(metrics.value("devpi_gitea_sync_run_duration_seconds_sum")).isEqualTo(2.0);
    }
  }

  @Test
  void metricsCarryTheLastSuccessTimestampOfEachSucceededMapping() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass())) {

      PrometheusText metrics = scrape(t);

      double expected = Fixtures.T0.plusMillis(1500).toEpochMilli() / 1000.0;
      assertThat(metrics.value("devpi_gitea_sync_last_success_timestamp_seconds", "mapping", "web"))
          .isCloseTo(expected, within(1e-3));
      assertThat(
              metrics.value("devpi_gitea_sync_last_success_timestamp_seconds", "mapping", "other"))
          .isCloseTo(expected, within(1e-3));
      assertThat(metrics.samples)
          .noneMatch(
              s ->
                  s.name().equals("devpi_gitea_sync_last_success_timestamp_seconds")
                      && "tools".equals(s.labels().get("mapping")));
    }
  }

  @Test
  void metricsObserveTheTransferDurationOfEachUploadedFile() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass())) {

      PrometheusText metrics = scrape(t);

      assertThat(
              metrics.value("devpi_gitea_sync_transfer_duration_seconds_count", "mapping", "web"))
          .isEqualTo(2);
      assertThat(metrics.value("devpi_gitea_sync_transfer_duration_seconds_sum", "mapping", "web"))
          .isCloseTo(0.6, within(1e-9));
      assertThat(
              metrics.value(
                  "devpi_gitea_sync_transfer_duration_seconds_bucket",
                  "mapping",
                  "web",
                  "le",
                  "0.1"))
          .isZero();
      assertThat(
              metrics.value(
                  "devpi_gitea_sync_transfer_duration_seconds_bucket",
                  "mapping",
                  "web",
                  "le",
                  "0.5"))
          .isEqualTo(2);
      assertThat(
              metrics.value(
                  "devpi_gitea_sync_transfer_duration_seconds_bucket",
                  "mapping",
                  "web",
                  "le",
                  "+Inf"))
          .isEqualTo(2);
    }
  }

  @Test
  void aPassThatThrowsCountsAsAnErrorRunAndMarksItsMappingsDown() {
    RecordingPass ok = new RecordingPass();
    boolean[] fail = {false};
    Pass pass =
        (mappings, listener) -> {
          if (fail[0]) {
            throw new IllegalStateException("engine crashed");
          }
          return ok.run(mappings, listener);
        };
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass)) {
      fail[0] = true;

      t.server.scheduler().request(PassScope.of(Set.of("web"), "api"));
      t.awaitRuns(2);

      PrometheusText metrics = scrape(t);
      assertThat(metrics.value("devpi_gitea_sync_runs_total", "result", "success")).isEqualTo(1);
      assertThat(metrics.value("devpi_gitea_sync_runs_total", "result", "error")).isEqualTo(1);
      assertThat(metrics.value("devpi_gitea_sync_mapping_up", "mapping", "web")).isZero();
      assertThat(metrics.value("devpi_gitea_sync_mapping_up", "mapping", "tools")).isEqualTo(1);
    }
  }

  @Test
  void metricsKeepTheirFormatForMappingNamesThatNeedEscaping() {
    MappingInfo odd = new MappingInfo("we\"ird\\name", "odd", "odd/prod", "default");
    RecordingPass pass = new RecordingPass();
    try (TestServer t =
        TestServer.start(TestServer.settings().mappings(List.of(odd)).build(), pass)) {

      PrometheusText metrics = scrape(t);

      assertThat(metrics.value("devpi_gitea_sync_uploaded_bytes_total", "mapping", "we\"ird\\name"))
          .isZero();
    }
  }
}
