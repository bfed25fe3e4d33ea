package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.config.Redactor;
import io.github.devpigiteasync.sync.config.Secret;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@code GET /health} through a started server. */
class HealthHandlerTest {

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode mapping(JsonNode health, String name) {
    for (JsonNode m : health.path("mappings")) {
      if (m.path("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no mapping " + name + " in " + health);
  }

  @Test
  void healthIsOkJsonWithTheDocumentedFieldsWhenEveryMappingSucceeded() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), new RecordingPass())) {

      HttpResponse<String> response = t.get("health");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      JsonNode health = TestServer.json(response);
      assertThat(fields(health))
          .containsExactly(
              "status",
              "role",
              "version",
              "uptimeSeconds",
              "startedAt",
              "schedulerRunning",
              "lastRun",
              "nextRun",
              "mappings",
              "store");
      assertThat(health.path("status").asText()).isEqualTo("ok");
      assertThat(health.path("role").asText()).isEqualTo("single");
      assertThat(health.path("store").path("status").asText()).isEqualTo("off");
      assertThat(health.path("version").asText()).isEqualTo("1.2.3-test");
      assertThat(health.path("uptimeSeconds").asLong()).isZero();
      assertThat(health.path("startedAt").asText()).isEqualTo("2025-01-02T03:04:05Z");
      assertThat(health.path("schedulerRunning").asBoolean()).isTrue();
      assertThat(health.path("lastRun").asText()).isEqualTo("2025-01-02T03:04:05Z");
      assertThat(health.path("nextRun").asText()).isEqualTo("2025-01-02T04:04:05Z");
      assertThat(health.path("mappings")).hasSize(3);
      JsonNode web = health.path("mappings").get(0);
      assertThat(fields(web))
          .containsExactly(
              "name", "organization", "index", "state", "lastRun", "lastSuccess", "lastError");
      assertThat(web.path("name").asText()).isEqualTo("web");
      assertThat(web.path("organization").asText()).isEqualTo("acme");
      assertThat(web.path("index").asText()).isEqualTo("acme/prod");
      assertThat(web.path("state").asText()).isEqualTo("ok");
      assertThat(web.path("lastRun").asText()).isEqualTo("2025-01-02T03:04:06.500Z");
      assertThat(web.path("lastSuccess").asText()).isEqualTo("2025-01-02T03:04:06.500Z");
      assertThat(web.path("lastError").isNull()).isTrue();
    }
  }

  @Test
  void healthIsOkBeforeAnyPassFinished() {
    CountDownLatch release = new CountDownLatch(1);
    RecordingPass recording = new RecordingPass();
    Pass blocked =
        (mappings, listener) -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return recording.run(mappings, listener);
        };
    try (SyncServer server = SyncServer.builder(TestServer.settings().build(), blocked).build()) {
      server.start();

      HealthReport health = server.status().health();

      assertThat(health.status()).isEqualTo(HealthReport.OK);
      assertThat(health.lastRun()).isNull();
      assertThat(health.nextRun()).as("no timer while the startup pass runs").isNull();
      assertThat(health.mappings()).allSatisfy(m -> assertThat(m.lastRun()).isNull());
      release.countDown();
    }
  }

  @Test
  void healthIsDegradedWhenOneMappingFailed() {
    RecordingPass pass = new RecordingPass();
    pass.answer =
        m -> m == Fixtures.TOOLS ? Fixtures.failed(m, "devpi unreachable") : Fixtures.ok(m);
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass)) {

      HttpResponse<String> response = t.get("health");

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode health = TestServer.json(response);
      assertThat(health.path("status").asText()).isEqualTo("degraded");
      assertThat(mapping(health, "tools").path("state").asText()).isEqualTo("failed");
      assertThat(mapping(health, "tools").path("lastError").asText())
          .isEqualTo("devpi unreachable");
      assertThat(mapping(health, "tools").path("lastSuccess").isNull()).isTrue();
      assertThat(mapping(health, "web").path("state").asText()).isEqualTo("ok");
      assertThat(mapping(health, "other").path("lastError").isNull()).isTrue();
    }
  }

  @Test
  void otherMappingsKeepSyncingWhileOneFails() {
    RecordingPass pass = new RecordingPass();
    pass.answer =
        m ->
            m == Fixtures.TOOLS
                ? Fixtures.failed(m, "devpi unreachable")
                : Fixtures.ok(
                    m,
                    Fixtures.uploaded(
                        m.name() + "-pkg", "1.0", m.name() + "_pkg-1.0-py3-none-any.whl", 10));
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass)) {

      t.server.scheduler().request(PassScope.all("api"));
      t.awaitRuns(2);

      assertThat(pass.calls).containsExactly(Set.of(), Set.of());
      JsonNode health = TestServer.json(t.get("health"));
      assertThat(health.path("status").asText()).isEqualTo("degraded");
      StatusSnapshot snapshot = t.server.status().snapshot(true);
      assertThat(snapshot.mappings())
          .filteredOn(m -> !m.name().equals("tools"))
          .allSatisfy(
              m -> {
                assertThat(m.state()).isEqualTo("ok");
                assertThat(m.lastRun().uploaded()).isEqualTo(1);
                assertThat(m.files())
                    .extracting(StatusSnapshot.FileStatus::status)
                    .containsExactly("uploaded");
              });
    }
  }

  @Test
  void healthIsFailingWith503WhenEveryMappingFailed() {
    RecordingPass pass = new RecordingPass();
    pass.answer = m -> Fixtures.failed(m, "gitea down");
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass)) {

      HttpResponse<String> response = t.get("health");

      assertThat(response.statusCode()).isEqualTo(503);
      JsonNode health = TestServer.json(response);
      assertThat(health.path("status").asText()).isEqualTo("failing");
      assertThat(health.path("mappings"))
          .allSatisfy(m -> assertThat(m.path("state").asText()).isEqualTo("failed"));
    }
  }

  @Test
  void healthIsFailingWhenTheWholePassThrows() {
    Pass pass =
        (mappings, listener) -> {
          throw new IllegalStateException("engine crashed");
        };
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass)) {

      HttpResponse<String> response = t.get("health");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(mapping(TestServer.json(response), "web").path("lastError").asText())
          .isEqualTo("engine crashed");
    }
  }

  @Test
  void healthRecoversToOkAfterTheFailedMappingSucceeds() {
    RecordingPass pass = new RecordingPass();
    pass.answer = m -> Fixtures.failed(m, "gitea down");
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass)) {
      pass.answer = Fixtures::ok;

      t.server.scheduler().request(PassScope.all("api"));
      t.awaitRuns(2);

      HttpResponse<String> response = t.get("health");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(TestServer.json(response).path("status").asText()).isEqualTo("ok");
      assertThat(mapping(TestServer.json(response), "web").path("lastError").isNull()).isTrue();
    }
  }

  @Test
  void healthIsFailingOnceTheSchedulerStopped() {
    SyncServer server =
        SyncServer.builder(TestServer.settings().build(), new RecordingPass()).build();
    server.start();
    Fixtures.await(() -> server.status().snapshot(false).runs().size() == 1);

    server.close();

    assertThat(server.status().health().status()).isEqualTo(HealthReport.FAILING);
    assertThat(server.status().health().schedulerRunning()).isFalse();
  }

  @Test
  void healthShowsLastErrorsRedacted() {
    Secret token = Secret.of("gitea-pat-0123456789");
    RecordingPass pass = new RecordingPass();
    pass.answer =
        m ->
            m == Fixtures.WEB
                ? Fixtures.failed(
                    m, "401 from https://gitea.example/api/v1?token=" + token.reveal())
                : Fixtures.ok(m);
    try (TestServer t =
        TestServer.start(
            TestServer.settings().build(), pass, b -> b.redactor(Redactor.of(List.of(token))))) {

      HttpResponse<String> response = t.get("health");

      assertThat(response.body()).doesNotContain(token.reveal());
      assertThat(mapping(TestServer.json(response), "web").path("lastError").asText())
          .isEqualTo("401 from https://gitea.example/api/v1?token=****");
    }
  }
}
