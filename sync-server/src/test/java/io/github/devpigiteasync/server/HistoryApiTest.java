package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.Sandbox;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server recording into the embedded history store, over the real engine and the simulators,
 * read back through {@code GET /api/history}, {@code GET /api/runs} and the dashboard's runs.
 */
class HistoryApiTest {
  @TempDir Path dir;
  private Sandbox sandbox;
  private FakeGitea gitea;
  private FakeDevpi devpi;
  private SyncConfig config;
  private SyncEngine engine;
  private final List<AutoCloseable> open = new ArrayList<>();

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
    engine = SyncEngine.builder().config(config).build();
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    engine.close();
    sandbox.close();
  }

  private Dist publish(String owner, String name, String version) {
    Dist d = sandbox.dists().wheel(name, version).build();
    gitea.publish(owner, d);
    return d;
  }

  private HistoryStore store() {
    HistoryStore store = HistoryStore.open(StoreOptions.embedded(dir.resolve("state"), 90));
    open.add(store);
    return store;
  }

  private TestServer server(HistoryStore store) {
    TestServer t =
        TestServer.start(
            config, engine, b -> b.redactor(ServerLauncher.redactor(config)).store(store));
    open.add(t);
    return t;
  }

  /** Waits until the store holds {@code n} runs (rows are written in the background). */
  private static JsonNode awaitRuns(TestServer t, int n) {
    Fixtures.await(() -> TestServer.json(t.get("api/runs")).path("runs").size() >= n);
    return TestServer.json(t.get("api/runs")).path("runs");
  }

  private static JsonNode history(TestServer t, String query) {
    HttpResponse<String> response = t.get("api/history" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestServer.json(response);
  }

  @Test
  void aPassIsRecordedAndItsUploadsAreReadBackWithEveryField() {
    Dist core = publish("acme", "acme_core", "1.4.0");
    publish("acme", "acme-cli", "2.0");
    publish("beta", "bar", "1.0");
    HistoryStore store = store();

    TestServer t = server(store);
    JsonNode runs = awaitRuns(t, 1);
    Fixtures.await(() -> history(t, "").path("events").size() == 3);
    JsonNode body = history(t, "?project=Acme.Core");

    assertThat(runs.get(0).path("triggers").toString()).isEqualTo("[\"startup\"]");
    assertThat(runs.get(0).path("outcome").asText()).isEqualTo("succeeded");
    assertThat(runs.get(0).path("counts").path("uploaded").asLong()).isEqualTo(3);
    assertThat(body.path("next").isNull()).isTrue();
    assertThat(body.path("events")).hasSize(1);
    JsonNode e = body.path("events").get(0);
    List<String> fields = new ArrayList<>();
    e.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "time",
            "run",
            "mapping",
            "organization",
            "index",
            "project",
            "version",
            "filename",
            "sha256",
            "bytes",
            "outcome",
            "reason");
    assertThat(e.path("run").asText()).isEqualTo(runs.get(0).path("id").asText());
    assertThat(e.path("mapping").asText()).isEqualTo("acme");
    assertThat(e.path("organization").asText()).isEqualTo("acme");
    assertThat(e.path("index").asText()).isEqualTo("ci/acme");
    assertThat(e.path("project").asText()).isEqualTo("acme-core");
    assertThat(e.path("version").asText()).isEqualTo("1.4.0");
    assertThat(e.path("filename").asText()).isEqualTo(core.filename());
    assertThat(e.path("sha256").asText()).isEqualTo(core.sha256());
    assertThat(e.path("bytes").asLong()).isPositive();
    assertThat(e.path("outcome").asText()).isEqualTo("uploaded");
    assertThat(e.path("time").asText()).endsWith("Z");
  }

  @Test
  void historyFiltersByMappingAndOutcomeAndPagesWithTheCursor() {
    publish("acme", "one", "1.0");
    publish("acme", "two", "1.0");
    publish("acme", "three", "1.0");
    publish("beta", "bar", "1.0");
    TestServer t = server(store());
    Fixtures.await(() -> history(t, "").path("events").size() == 4);

    JsonNode beta = history(t, "?mapping=beta&outcome=uploaded");
    JsonNode first = history(t, "?mapping=acme&limit=2");
    JsonNode second = history(t, "?mapping=acme&limit=2&cursor=" + first.path("next").asText());
    JsonNode none = history(t, "?outcome=conflict");

    assertThat(beta.path("events")).hasSize(1);
    assertThat(beta.path("events").get(0).path("project").asText()).isEqualTo("bar");
    assertThat(first.path("events")).hasSize(2);
    assertThat(first.path("next").isTextual()).isTrue();
    assertThat(second.path("events")).hasSize(1);
    assertThat(second.path("next").isNull()).isTrue();
    List<String> files = new ArrayList<>();
    first.path("events").forEach(e -> files.add(e.path("filename").asText()));
    second.path("events").forEach(e -> files.add(e.path("filename").asText()));
    assertThat(files).doesNotHaveDuplicates().hasSize(3);
    assertThat(none.path("events")).isEmpty();
  }

  @Test
  void badHistoryParametersAnswer400NamingTheParameter() {
    TestServer t = server(store());

    HttpResponse<String> limit = t.get("api/history?limit=many");
    HttpResponse<String> outcome = t.get("api/history?outcome=exploded");
    HttpResponse<String> unknown = t.get("api/history?colour=red");
    HttpResponse<String> cursor = t.get("api/history?cursor=not-a-cursor");
    HttpResponse<String> since = t.get("api/history?since=yesterday");
    HttpResponse<String> runs = t.get("api/runs?limit=0");

    for (HttpResponse<String> r : List.of(limit, outcome, unknown, cursor, since, runs)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
    }
    assertThat(TestServer.json(limit).path("error").asText()).contains("limit");
    assertThat(TestServer.json(outcome).path("error").asText()).contains("outcome");
    assertThat(TestServer.json(unknown).path("error").asText()).contains("colour");
    assertThat(TestServer.json(cursor).path("error").asText()).contains("cursor");
    assertThat(TestServer.json(since).path("error").asText()).contains("since");
    assertThat(TestServer.json(runs).path("error").asText()).contains("limit");
  }

  @Test
  void anUnchangedPassWritesOneRunAndNoFileEvent() {
    publish("acme", "one", "1.0");
    publish("beta", "bar", "1.0");
    TestServer t = server(store());
    awaitRuns(t, 1);
    Fixtures.await(() -> history(t, "").path("events").size() == 2);

    t.server.scheduler().request(PassScope.all("api"));
    JsonNode runs = awaitRuns(t, 2);

    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).path("triggers").toString()).isEqualTo("[\"api\"]");
    assertThat(runs.get(0).path("counts").path("present").asLong()).isEqualTo(2);
    assertThat(runs.get(0).path("counts").path("uploaded").asLong()).isZero();
    assertThat(history(t, "").path("events")).hasSize(2);
  }

  @Test
  void aRestartKeepsTheHistoryAndTheDashboardsRecentRuns() throws Exception {
    publish("acme", "one", "1.0");
    HistoryStore first = store();
    TestServer before = server(first);
    String runId = awaitRuns(before, 1).get(0).path("id").asText();
    before.close();
    first.close();

    TestServer after = server(store());
    JsonNode runs = awaitRuns(after, 2);
    JsonNode status = TestServer.json(after.get("api/status?files=false"));

    assertThat(runs.get(1).path("id").asText()).isEqualTo(runId);
    assertThat(history(after, "?filename=one-1.0-py3-none-any.whl").path("events")).hasSize(1);
    List<String> shown = new ArrayList<>();
    status.path("runs").forEach(r -> shown.add(r.path("id").asText()));
    assertThat(shown).contains(runId).hasSize(2);
    assertThat(after.get("").body()).contains("…" + runId.substring(runId.length() - 8));
  }

  @Test
  void whileTheStoreFileIsLockedPassesStillUploadAndTheirHistoryIsWrittenAfterRelease()
      throws Exception {
    publish("acme", "one", "1.0");
    HistoryStore store =
        HistoryStore.builder(StoreOptions.embedded(dir.resolve("state"), 90))
            .connectionTimeout(Duration.ofMillis(500))
            .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .open();
    open.add(store);
    TestServer t = server(store);
    awaitRuns(t, 1);
    Fixtures.await(() -> history(t, "").path("events").size() == 1);
    // another process (a sqlite3 shell, a backup) takes the file's write lock
    Connection holder =
        DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state").resolve("history.db"));
    open.add(holder);
    try (Statement s = holder.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
    }

    Dist later = publish("acme", "two", "1.0");
    Dist beta = publish("beta", "bar", "1.0");
    t.server.scheduler().request(PassScope.all("api"));
    t.awaitRuns(2);
    Fixtures.await(
        () ->
            TestServer.json(t.get("health"))
                .path("store")
                .path("status")
                .asText()
                .equals("degraded"));
    JsonNode down = TestServer.json(t.get("health"));
    JsonNode runsWhileLocked = TestServer.json(t.get("api/runs")).path("runs");
    JsonNode dashboardWhileLocked = TestServer.json(t.get("api/status?files=false")).path("runs");
    try (Statement s = holder.createStatement()) {
      s.execute("ROLLBACK");
    }

    assertThat(devpi.file("ci/acme", later.filename())).isPresent();
    assertThat(devpi.file("ci/beta", beta.filename())).isPresent();
    assertThat(down.path("status").asText()).isEqualTo("degraded");
    assertThat(down.path("store").path("reason").asText())
        .startsWith("history store unavailable: ")
        .contains("locked");
    assertThat(runsWhileLocked).as("the store's own rows").hasSize(1);
    assertThat(dashboardWhileLocked).as("the dashboard shows the pass from memory").hasSize(2);
    JsonNode runs = awaitRuns(t, 2);
    assertThat(runs.get(0).path("triggers").toString()).isEqualTo("[\"api\"]");
    assertThat(runs.get(0).path("counts").path("uploaded").asLong()).isEqualTo(2);
    JsonNode events = history(t, "?outcome=uploaded").path("events");
    assertThat(events).hasSize(3);
    assertThat(events.get(0).path("run").asText()).isEqualTo(runs.get(0).path("id").asText());
    List<String> files = new ArrayList<>();
    events.forEach(e -> files.add(e.path("filename").asText()));
    assertThat(files).contains(later.filename(), beta.filename());
    Fixtures.await(() -> TestServer.json(t.get("health")).path("status").asText().equals("ok"));
  }

  @Test
  void healthSaysSingleAndTheStoreIsOk() {
    TestServer t = server(store());

    JsonNode health = TestServer.json(t.get("health"));

    assertThat(health.path("role").asText()).isEqualTo("single");
    assertThat(health.path("store").path("status").asText()).isEqualTo("ok");
    assertThat(health.path("status").asText()).isEqualTo("ok");
  }
}
