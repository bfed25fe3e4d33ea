package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over the real engine and the simulators: outages, recovery, targeted passes and dry
 * runs.
 */
class EnginePassTest {
  @TempDir Path dir;
  private Sandbox sandbox;
  private FakeGitea gitea;
  private FakeDevpi devpi;
  private SyncConfig config;
  private SyncEngine engine;

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(dir);
    gitea = sandbox.gitea();
    devpi = sandbox.devpi();
    gitea.owner("beta", false);
    devpi.index("ci/acme", false).allowUpload("ci/acme", Sandbox.USER);
    devpi.index("ci/beta", false).allowUpload("ci/beta", Sandbox.USER);
    String ini =
        sandbox.ini(
            "[mapping:acme]",
            "index = ci/acme",
            "",
            "[mapping:beta]",
            "index = ci/beta",
            "",
            "[runtime]",
            "download_dir = " + dir.resolve("staging"));
    config = SyncConfig.parse(ini, dir.resolve("test.conf"), name -> null);
    engine =
        SyncEngine.builder()
            .config(config)
            .retries(2, Duration.ofMillis(5), Duration.ofMillis(10))
            .build();
  }

  @AfterEach
  void stop() {
    engine.close();
    sandbox.close();
  }

  private Dist publish(String owner, String name, String version) {
    Dist d = sandbox.dists().wheel(name, version).build();
    gitea.publish(owner, d);
    return d;
  }

  private TestServer server(boolean dryRun) {
    Selection selection = config.select(List.of(), List.of());
    ServerSettings settings = ServerLauncher.settings(config, selection, dryRun, "127.0.0.1", 0);
    ServerSettings fast =
        ServerSettings.builder()
            .host(settings.host())
            .port(0)
            .pollInterval(Duration.ofHours(1))
            .webhookDebounce(Duration.ofMillis(100))
            .shutdownGrace(Duration.ofSeconds(2))
            .version("test")
            .dryRun(dryRun)
            .mappings(settings.mappings())
            .build();
    return TestServer.start(
        fast,
        new EnginePass(engine, selection, SyncOptions.defaults(), dryRun),
        b -> b.redactor(ServerLauncher.redactor(config)));
  }

  private static String status(TestServer t) {
    return TestServer.json(t.get("health")).path("status").asText();
  }

  private void passNow(TestServer t, int runsBefore) {
    t.server.scheduler().request(PassScope.all("api"));
    t.awaitRuns(runsBefore + 1);
  }

  @Test
  void serverSurvivesBothServersBeingDownForSeveralPassesAndRecovers() {
    publish("acme", "foo", "1.0");
    publish("beta", "bar", "1.0");
    gitea.faults().failNext(".*", 503, 1000);
    devpi.faults().failNext(".*", 503, 1000);
    try (TestServer t = server(false)) {
      String duringOutage = status(t);
      passNow(t, 1);
      passNow(t, 2);
      JsonNode down = TestServer.json(t.get("health"));

      gitea.faults().clear();
      devpi.faults().clear();
      passNow(t, 3);

      assertThat(duringOutage).isEqualTo("failing");
      assertThat(down.path("status").asText()).isEqualTo("failing");
      assertThat(down.path("mappings").path(0).path("lastError").asText()).contains("503");
      assertThat(status(t)).isEqualTo("ok");
      assertThat(devpi.files("ci/acme")).hasSize(1);
      assertThat(devpi.files("ci/beta")).hasSize(1);
    }
  }

  @Test
  void oneFailingMappingIsDegradedWhileTheOtherKeepsSyncing() {
    publish("acme", "foo", "1.0");
    publish("beta", "bar", "1.0");
    gitea.faults().failNext("/api/v1/packages/beta", 404, 1000);
    try (TestServer t = server(false)) {
      Dist later = publish("acme", "foo", "1.1");
      passNow(t, 1);

      JsonNode health = TestServer.json(t.get("health"));

      assertThat(health.path("status").asText()).isEqualTo("degraded");
      assertThat(devpi.file("ci/acme", later.filename())).isPresent();
      assertThat(devpi.files("ci/beta")).isEmpty();
    }
  }

  @Test
  void aTargetedPassSyncsOnlyTheNamedMapping() {
    try (TestServer t = server(false)) {
      publish("acme", "foo", "2.0");
      publish("beta", "bar", "2.0");

      t.server.scheduler().request(PassScope.of(java.util.Set.of("beta"), "api"));
      t.awaitRuns(2);

      assertThat(devpi.files("ci/beta")).hasSize(1);
      assertThat(devpi.files("ci/acme")).isEmpty();
    }
  }

  @Test
  void dryRunServerShowsPlannedFilesAndUploadsNothing() {
    Dist foo = publish("acme", "foo", "1.0");
    try (TestServer t = server(true)) {
      JsonNode status = TestServer.json(t.get("api/status"));

      assertThat(devpi.files("ci/acme")).isEmpty();
      assertThat(devpi.requestCount("POST", "^/ci/acme/$")).isZero();
      assertThat(status.path("dryRun").asBoolean()).isTrue();
      assertThat(status.path("mappings").path(0).path("files").path(0).path("filename").asText())
          .isEqualTo(foo.filename());
      assertThat(status.path("mappings").path(0).path("files").path(0).path("status").asText())
          .isEqualTo("planned");
      assertThat(t.get("").body() + t.get("health").body() + status)
          .doesNotContain(sandbox.giteaToken(), sandbox.devpiPassword());
    }
  }
}
