package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.config.Secret;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.Sandbox;
import io.github.devpigiteasync.testkit.WebhookDelivery;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server over the real engine against the simulator in Forgejo mode: the startup pass syncs,
 * and Forgejo's own {@code package} webhook (X-Forgejo-* and X-Gitea-* headers, {@code
 * organization: null}) triggers a targeted pass of the owner's mapping only.
 */
class ForgejoServerTest {
  private static final Secret SECRET = Secret.of("hook-s3cret-forgejo");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"15.0.3", "16.0.0"})
  void startupPassSyncsAndAForgejoWebhookSyncsTheOwnersMappingOnly(String version) {
    try (Sandbox sandbox = Sandbox.start(dir, FakeGitea.forgejo(version))) {
      FakeGitea gitea = sandbox.gitea();
      FakeDevpi devpi = sandbox.devpi();
      gitea.owner("beta", false);
      devpi.index("ci/acme", false).allowUpload("ci/acme", Sandbox.USER);
      devpi.index("ci/beta", false).allowUpload("ci/beta", Sandbox.USER);
      Dist first = sandbox.dists().wheel("foo", "1.0").build();
      gitea.publish("acme", first);
      SyncConfig config =
          SyncConfig.parse(
              sandbox.ini(
                  "[mapping:acme]",
                  "index = ci/acme",
                  "",
                  "[mapping:beta]",
                  "index = ci/beta",
                  "",
                  "[runtime]",
                  "download_dir = " + dir.resolve("staging")),
              dir.resolve("test.conf"),
              name -> null);
      Selection selection = config.select(List.of(), List.of());
      ServerSettings launched = ServerLauncher.settings(config, selection, false, "127.0.0.1", 0);
      ServerSettings settings =
          ServerSettings.builder()
              .host("127.0.0.1")
              .port(0)
              .pollInterval(Duration.ofHours(1))
              .webhookDebounce(Duration.ofMillis(100))
              .webhookSecret(Optional.of(SECRET))
              .shutdownGrace(Duration.ofSeconds(2))
              .version("test")
              .mappings(launched.mappings())
              .build();
      try (SyncEngine engine =
              SyncEngine.builder()
                  .config(config)
                  .retries(2, Duration.ofMillis(5), Duration.ofMillis(10))
                  .build();
          TestServer t =
              TestServer.start(
                  settings, new EnginePass(engine, selection, SyncOptions.defaults(), false))) {
        Dist second = sandbox.dists().wheel("foo", "1.1").build();
        WebhookDelivery hook =
            gitea.packageWebhook("created", gitea.publish("acme", second), SECRET.reveal());

        HttpResponse<String> response = t.post("hooks/gitea", hook.body(), headers(hook));
        t.awaitRuns(2);

        assertThat(devpi.file("ci/acme", first.filename())).isPresent();
        assertThat(hook.headers()).containsKey("X-Forgejo-Signature");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = TestServer.json(response);
        assertThat(body.path("mappings").toString()).isEqualTo("[\"acme\"]");
        assertThat(devpi.file("ci/acme", second.filename())).isPresent();
        assertThat(devpi.files("ci/beta")).isEmpty();
        assertThat(TestServer.json(t.get("health")).path("status").asText()).isEqualTo("ok");
        JsonNode status = TestServer.json(t.get("api/status?files=false"));
        assertThat(status.path("mappings").get(0).path("source").asText())
            .isEqualTo("Forgejo " + version);
        assertThat(t.get("").body()).contains("Forgejo " + version);
      }
    }
  }

  // java.net.http sets Content-Length and Host itself; every other header goes as the server sent
  private static String[] headers(WebhookDelivery hook) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> h : hook.headers().entrySet()) {
      if (!h.getValue().isEmpty()) {
        out.add(h.getKey());
        out.add(h.getValue());
      }
    }
    return out.toArray(String[]::new);
  }
}
