package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.FileResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/status} through a started server. */
class StatusHandlerTest {

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static RecordingPass passWithFiles() {
    RecordingPass pass = new RecordingPass();
    pass.answer =
        m ->
            m == Fixtures.WEB
                ? Fixtures.ok(
                    m,
                    Fixtures.uploaded("example", "1.0", "example-1.0-py3-none-any.whl", 2048),
                    Fixtures.skipped(
                        "example", "1.0", "example-1.0.zip", "file_types excludes sdist"),
                    new FileResult(
                        "example",
                        "0.9",
                        "example-0.9.tar.gz",
                        FileResult.Outcome.FAILED,
                        "upload failed: 500",
                        0,
                        Duration.ofMillis(5)))
                : Fixtures.ok(m);
    return pass;
  }

  @Test
  void statusIsTheDashboardDataAsJson() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), passWithFiles())) {

      HttpResponse<String> response = t.get("api/status");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
      JsonNode status = TestServer.json(response);
      assertThat(fields(status))
          .containsExactly(
              "version",
              "now",
              "startedAt",
              "dryRun",
              "schedulerRunning",
              "passRunning",
              "lastRun",
              "nextRun",
              "mappings",
              "runs");
      assertThat(status.path("version").asText()).isEqualTo("1.2.3-test");
      assertThat(status.path("now").asText()).isEqualTo("2025-01-02T03:04:05Z");
      assertThat(status.path("dryRun").asBoolean()).isFalse();
      assertThat(status.path("schedulerRunning").asBoolean()).isTrue();
      assertThat(status.path("passRunning").asBoolean()).isFalse();
      assertThat(status.path("nextRun").asText()).isEqualTo("2025-01-02T04:04:05Z");

      JsonNode web = status.path("mappings").get(0);
      assertThat(fields(web))
          .containsExactly(
              "name",
              "organization",
              "index",
              "devpiServer",
              "source",
              "state",
              "filesDone",
              "filesTotal",
              "transfers",
              "lastRun",
              "lastSuccess",
              "lastError",
              "fileCount",
              "files");
      assertThat(web.path("name").asText()).isEqualTo("web");
      assertThat(web.path("devpiServer").asText()).isEqualTo("default");
      assertThat(web.path("state").asText()).isEqualTo("failed");
      assertThat(web.path("lastError").asText())
          .isEqualTo("1 file(s) failed; example-0.9.tar.gz: upload failed: 500");
      assertThat(web.path("fileCount").asInt()).isEqualTo(3);
      JsonNode lastRun = web.path("lastRun");
      assertThat(fields(lastRun))
          .containsExactly(
              "started",
              "durationMillis",
              "succeeded",
              "uploaded",
              "present",
              "conflict",
              "skipped",
              "failed",
              "planned",
              "bytes");
      assertThat(lastRun.path("durationMillis").asLong()).isEqualTo(1500);
      assertThat(lastRun.path("uploaded").asLong()).isEqualTo(1);
      assertThat(lastRun.path("skipped").asLong()).isEqualTo(1);
      assertThat(lastRun.path("failed").asLong()).isEqualTo(1);
      assertThat(lastRun.path("bytes").asLong()).isEqualTo(2048);

      JsonNode files = web.path("files");
      assertThat(files).hasSize(3);
      assertThat(fields(files.get(0)))
          .containsExactly("project", "version", "filename", "status", "reason", "bytes");
      assertThat(files.findValuesAsText("status"))
          .containsExactlyInAnyOrder("uploaded", "skipped", "failed");
      assertThat(files.findValuesAsText("reason")).contains("file_types excludes sdist");

      JsonNode run = status.path("runs").get(0);
      assertThat(fields(run))
          .containsExactly(
              "id",
              "started",
              "finished",
              "durationMillis",
              "trigger",
              "mappings",
              "dryRun",
              "succeeded",
              "files",
              "uploaded",
              "failed",
              "bytes",
              "error");
      assertThat(run.path("id").asLong()).isEqualTo(1);
      assertThat(run.path("trigger").asText()).isEqualTo("startup");
      assertThat(run.path("succeeded").asBoolean()).isFalse();
      assertThat(run.path("files").asLong()).isEqualTo(3);
      assertThat(run.path("mappings").toString()).isEqualTo("[\"web\",\"tools\",\"other\"]");
    }
  }

  @Test
  void statusWithFilesFalseLeavesOutFileListsButKeepsCounts() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), passWithFiles())) {

      JsonNode status = TestServer.json(t.get("api/status?files=false"));

      JsonNode web = status.path("mappings").get(0);
      assertThat(web.path("files")).isEmpty();
      assertThat(web.path("fileCount").asInt()).isEqualTo(3);
    }
  }

  @Test
  void statusShowsDryRun() {
    try (TestServer t =
        TestServer.start(TestServer.settings().dryRun(true).build(), new RecordingPass())) {

      JsonNode status = TestServer.json(t.get("api/status"));

      assertThat(status.path("dryRun").asBoolean()).isTrue();
    }
  }
}
