package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.config.Redactor;
import io.github.devpigiteasync.sync.config.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SyncServerTest {

  @Test
  void startBindsAnEphemeralLoopbackPortAndRunsTheStartupPass() {
    RecordingPass pass = new RecordingPass();

    try (TestServer t = TestServer.start(TestServer.settings().build(), pass)) {

      assertThat(t.server.port()).isPositive();
      assertThat(t.server.url()).isEqualTo("http://127.0.0.1:" + t.server.port() + "/");
      assertThat(pass.calls).containsExactly(Set.of());
      assertThat(t.server.status().snapshot(false).runs().get(0).trigger()).isEqualTo("startup");
    }
  }

  @Test
  void urlShowsLocalhostForAWildcardBindAddress() {
    try (SyncServer server =
        SyncServer.builder(TestServer.settings().host("0.0.0.0").build(), new RecordingPass())
            .build()) {
      server.start();

      assertThat(server.url()).isEqualTo("http://localhost:" + server.port() + "/");
    }
  }

  @Test
  void unknownRouteIsNotFoundWithSecurityHeaders() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), new RecordingPass())) {

      HttpResponse<String> response = t.get("nope");
      HttpResponse<String> nested = t.get("api/status/extra");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
      assertThat(TestServer.json(response).path("error").asText()).isEqualTo("not found");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(nested.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void readOnlyPagesAnswerHeadWithTheirHeadersAndNoBody() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), new RecordingPass())) {

      HttpResponse<String> health =
          t.send(
              HttpRequest.newBuilder(t.base.resolve("health"))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody()));
      HttpResponse<String> page =
          t.send(
              HttpRequest.newBuilder(t.base).method("HEAD", HttpRequest.BodyPublishers.noBody()));

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
      assertThat(health.body()).isEmpty();
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("text/html");
      assertThat(page.body()).isEmpty();
    }
  }

  @Test
  void wrongMethodIsMethodNotAllowedAndNamesTheAllowedOne() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), new RecordingPass())) {

      HttpResponse<String> postToHealth = t.post("health", "");
      HttpResponse<String> getSync = t.get("api/sync");
      HttpResponse<String> deleteRoot = t.send(HttpRequest.newBuilder(t.base).DELETE());
      HttpResponse<String> getHook = t.get("hooks/gitea");

      assertThat(postToHealth.statusCode()).isEqualTo(405);
      assertThat(postToHealth.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(getSync.statusCode()).isEqualTo(405);
      assertThat(getSync.headers().firstValue("Allow")).hasValue("POST");
      assertThat(deleteRoot.statusCode()).isEqualTo(405);
      assertThat(getHook.statusCode()).isEqualTo(405);
      assertThat(TestServer.json(getHook).path("error").asText()).isEqualTo("method not allowed");
    }
  }

  @Test
  void startingOnATakenPortRaisesBindFailedNamingHostAndPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        SyncServer server =
            SyncServer.builder(
                    TestServer.settings().port(taken.getLocalPort()).build(), new RecordingPass())
                .build()) {

      assertThatThrownBy(server::start)
          .isInstanceOf(BindFailedException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .hasMessageContaining("in use");
    }
  }

  @Test
  void secondServerOnTheSamePortRaisesBindFailedAndLeavesTheFirstServing() {
    try (TestServer first = TestServer.start(TestServer.settings().build(), new RecordingPass())) {
      RecordingPass secondPass = new RecordingPass();
      SyncServer second =
          SyncServer.builder(TestServer.settings().port(first.server.port()).build(), secondPass)
              .build();

      assertThatThrownBy(second::start)
          .isInstanceOf(BindFailedException.class)
          .hasMessageContaining("127.0.0.1:" + first.server.port());
      second.close();

      assertThat(secondPass.calls).isEmpty();
      assertThat(first.get("health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void startTwiceIsRejected() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), new RecordingPass())) {

      assertThatThrownBy(t.server::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void startAfterCloseIsRejectedAndBindsNothing() {
    SyncServer server =
        SyncServer.builder(TestServer.settings().build(), new RecordingPass()).build();
    server.close();

    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeStopsServingAndIsIdempotent() {
    TestServer t = TestServer.start(TestServer.settings().build(), new RecordingPass());
    URI base = t.base;

    t.close();
    t.close();

    assertThatThrownBy(() -> new Socket(base.getHost(), base.getPort()).close())
        .isInstanceOf(IOException.class);
    assertThat(t.server.scheduler().running()).isFalse();
  }

  @Test
  void noConfiguredSecretAppearsInAnyPageEvenWhenAPassErrorContainsThem() {
    Secret api = Secret.of("api-token-AAAA1111");
    Secret hook = Secret.of("hook-secret-BBBB2222");
    Secret gitea = Secret.of("gitea-token-CCCC3333");
    ServerSettings settings =
        TestServer.settings().apiToken(Optional.of(api)).webhookSecret(Optional.of(hook)).build();
    String leaky = "boom with " + api.reveal() + " and " + hook.reveal() + " and " + gitea.reveal();
    RecordingPass pass = new RecordingPass();
    pass.answer =
        m ->
            m == Fixtures.WEB
                ? Fixtures.failed(m, leaky)
                : Fixtures.ok(
                    m,
                    Fixtures.skipped(
                        "p", "1.0", "p-1.0.tar.gz", "skipped because " + gitea.reveal()));

    try (TestServer t =
        TestServer.start(settings, pass, b -> b.redactor(Redactor.of(List.of(gitea))))) {
      // second pass: the whole pass throws with the secrets in its message
      pass.answer =
          m -> {
            throw new IllegalStateException(leaky);
          };
      t.server.scheduler().request(PassScope.of(Set.of("other"), "api"));
      t.awaitRuns(2);

      for (String path : List.of("", "health", "api/status", "api/status?files=false", "metrics")) {
        String body = t.get(path).body();
        assertThat(body)
            .as(path)
            .doesNotContain(api.reveal())
            .doesNotContain(hook.reveal())
            .doesNotContain(gitea.reveal());
      }
      assertThat(t.get("health").body()).contains("boom with ****");
    }
  }

  @Test
  void closeInterruptsARunningPassWithinTheGracePeriod() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Pass pass =
        (mappings, listener) -> {
          running.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            interrupted.set(true);
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("interrupted");
        };
    SyncServer server =
        SyncServer.builder(TestServer.settings().shutdownGrace(Duration.ofSeconds(5)).build(), pass)
            .build();
    server.start();
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    long before = System.nanoTime();
    server.close();
    long took = System.nanoTime() - before;

    assertThat(interrupted).isTrue();
    assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(5));
    assertThat(server.scheduler().passInProgress()).isFalse();
  }
}
