package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Secret;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code POST /api/sync} through a started server. */
class TriggerHandlerTest {
  private static final Secret TOKEN = Secret.of("t0ken-for-the-api");
  private static final String AUTH = "Bearer " + TOKEN.reveal();

  private static ServerSettings withToken() {
    return TestServer.settings().apiToken(Optional.of(TOKEN)).build();
  }

  @Test
  void apiSyncIsNotFoundWithoutAConfiguredToken() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t = TestServer.start(TestServer.settings().build(), pass)) {

      HttpResponse<String> response = t.post("api/sync", "", "Authorization", AUTH);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(pass.calls).hasSize(1);
    }
  }

  @Test
  void apiSyncWithoutAuthorizationIsUnauthorized() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t = TestServer.start(withToken(), pass)) {

      HttpResponse<String> response = t.post("api/sync", "");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(response.body()).doesNotContain(TOKEN.reveal());
      assertThat(pass.calls).hasSize(1);
    }
  }

  @Test
  void apiSyncWithAWrongOrMalformedTokenIsUnauthorized() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t = TestServer.start(withToken(), pass)) {

      List<String> headers =
          List.of(
              "Bearer wrong",
              "Bearer " + TOKEN.reveal() + "x",
              "Bearer " + TOKEN.reveal().substring(1),
              "Basic " + TOKEN.reveal(),
              TOKEN.reveal(),
              "Bearer");

      for (String header : headers) {
        assertThat(t.post("api/sync", "", "Authorization", header).statusCode())
            .as(header)
            .isEqualTo(401);
      }
      assertThat(pass.calls).hasSize(1);
    }
  }

  @Test
  void apiSyncWithTheTokenRequestsAFullPass() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t = TestServer.start(withToken(), pass)) {

      HttpResponse<String> response = t.post("api/sync", "", "Authorization", AUTH);
      t.awaitRuns(2);

      assertThat(response.statusCode()).isEqualTo(202);
      JsonNode body = TestServer.json(response);
      assertThat(body.path("accepted").asBoolean()).isTrue();
      assertThat(body.path("outcome").asText()).isEqualTo("started");
      assertThat(body.path("mappings").isArray()).isTrue();
      assertThat(body.path("mappings")).isEmpty();
      assertThat(pass.calls).containsExactly(Set.of(), Set.of());
      assertThat(t.server.status().snapshot(false).runs().get(0).trigger()).isEqualTo("api");
    }
  }

  @Test
  void bearerSchemeIsCaseInsensitive() {
    try (TestServer t = TestServer.start(withToken(), new RecordingPass())) {

      HttpResponse<String> response =
          t.post("api/sync", "", "Authorization", "bearer " + TOKEN.reveal());

      assertThat(response.statusCode()).isEqualTo(202);
    }
  }

  @Test
  void apiSyncWithMappingTargetsOnlyThatMapping() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t = TestServer.start(withToken(), pass)) {

      HttpResponse<String> response = t.post("api/sync?mapping=tools", "", "Authorization", AUTH);
      t.awaitRuns(2);

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(TestServer.json(response).path("mappings").get(0).asText()).isEqualTo("tools");
      assertThat(pass.calls).containsExactly(Set.of(), Set.of("tools"));
      assertThat(t.server.status().snapshot(false).runs().get(0).mappings())
          .containsExactly("tools");
    }
  }

  @Test
  void apiSyncWithAnUnknownMappingIsRejectedAndRunsNothing() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t = TestServer.start(withToken(), pass)) {

      HttpResponse<String> response = t.post("api/sync?mapping=nosuch", "", "Authorization", AUTH);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(response).path("error").asText()).isEqualTo("unknown mapping");
      assertThat(pass.calls).hasSize(1);
    }
  }

  @Test
  void apiSyncDuringAPassIsQueuedAndFurtherRequestsMergeIntoIt() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingPass recording = new RecordingPass();
    Pass pass =
        (Set<String> mappings, SyncListener listener) -> {
          SyncReport report = recording.run(mappings, listener);
          if (recording.calls.size() == 2) {
            running.countDown();
            await(release);
          }
          return report;
        };
    try (TestServer t = TestServer.start(withToken(), pass)) {
      t.post("api/sync", "", "Authorization", AUTH);
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

      HttpResponse<String> queued = t.post("api/sync?mapping=web", "", "Authorization", AUTH);
      HttpResponse<String> merged = t.post("api/sync?mapping=other", "", "Authorization", AUTH);
      release.countDown();
      t.awaitRuns(3);

      assertThat(TestServer.json(queued).path("outcome").asText()).isEqualTo("queued");
      assertThat(TestServer.json(merged).path("outcome").asText()).isEqualTo("merged");
      assertThat(recording.calls).containsExactly(Set.of(), Set.of(), Set.of("web", "other"));
    }
  }

  @Test
  void oversizedRequestBodyIsRejectedWith413() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t =
        TestServer.start(
            TestServer.settings().apiToken(Optional.of(TOKEN)).maxBodyBytes(1024).build(), pass)) {

      HttpResponse<String> response = t.post("api/sync", "x".repeat(4096), "Authorization", AUTH);

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(TestServer.json(response).path("error").asText())
          .isEqualTo("request body too large");
      assertThat(pass.calls).hasSize(1);
    }
  }

  @Test
  void oversizedChunkedRequestBodyIsRejectedWith413() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t =
        TestServer.start(
            TestServer.settings().apiToken(Optional.of(TOKEN)).maxBodyBytes(1024).build(), pass)) {
      byte[] body = new byte[4096];

      HttpResponse<String> response =
          t.send(
              HttpRequest.newBuilder(t.base.resolve("api/sync"))
                  .header("Authorization", AUTH)
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(body))));

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(pass.calls).hasSize(1);
    }
  }

  @Test
  void bodyWithinTheLimitIsAccepted() {
    try (TestServer t =
        TestServer.start(
            TestServer.settings().apiToken(Optional.of(TOKEN)).maxBodyBytes(1024).build(),
            new RecordingPass())) {

      HttpResponse<String> response = t.post("api/sync", "x".repeat(1024), "Authorization", AUTH);

      assertThat(response.statusCode()).isEqualTo(202);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
