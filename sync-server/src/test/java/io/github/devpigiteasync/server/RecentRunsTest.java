package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.MutableClock;
import io.github.devpigiteasync.store.RunRecord;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.store.StoreUnavailableException;
import io.github.devpigiteasync.store.Trigger;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status answer and the dashboard keep the recent runs in memory: polling them reads the
 * history store at most once per {@link RecentRuns#MAX_AGE}, this daemon's passes show at once, and
 * a run another daemon records in the same store shows once that interval has passed. Through the
 * real server, engine, simulators and embedded store; the server's clock is moved by hand and the
 * store's reads are counted where the server makes them.
 */
class RecentRunsTest {
  @TempDir Path dir;
  private Sandbox sandbox;
  private FakeGitea gitea;
  private SyncConfig config;
  private SyncEngine engine;
  private final MutableClock clock = new MutableClock(Fixtures.T0);
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicBoolean readsFail = new AtomicBoolean();
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(dir);
    gitea = sandbox.gitea();
    sandbox.devpi().index("ci/acme", false).allowUpload("ci/acme", Sandbox.USER);
    String ini =
        sandbox.ini(
            "[mapping:acme]",
            "index = ci/acme",
            "",
            "[runtime]",
            "download_dir = " + dir.resolve("staging"));
    config = SyncConfig.parse(ini, dir.resolve("test.conf"), name -> null);
    engine = SyncEngine.builder().config(config).build();
    gitea.publish("acme", sandbox.dists().wheel("one", "1.0").build());
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    engine.close();
    sandbox.close();
  }

  private HistoryStore store() {
    HistoryStore store = HistoryStore.open(StoreOptions.embedded(dir.resolve("state"), 90));
    open.add(store);
    return store;
  }

  private TestServer server(HistoryStore store) {
    TestServer t =
        TestServer.start(
            config,
            engine,
            b ->
                b.clock(clock)
                    .store(store)
                    .runSource(
                        source ->
                            limit -> {
                              reads.incrementAndGet();
                              if (readsFail.get()) {
                                throw new StoreUnavailableException(
                                    "history store unavailable: test");
                              }
                              return source.recentRuns(limit);
                            }));
    open.add(t);
    return t;
  }

  private static List<String> statusRunIds(TestServer t) {
    List<String> ids = new ArrayList<>();
    TestServer.json(t.get("api/status?files=false"))
        .path("runs")
        .forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  private static String lastRun(TestServer t) {
    return TestServer.json(t.get("api/status?files=false")).path("lastRun").asText();
  }

  /** Waits until the store holds {@code n} runs (rows are written in the background). */
  private static JsonNode storedRuns(TestServer t, int n) {
    Fixtures.await(() -> TestServer.json(t.get("api/runs")).path("runs").size() >= n);
    return TestServer.json(t.get("api/runs")).path("runs");
  }

  @Test
  void pollingTheStatusAndTheDashboardDuringAndAfterPassesReadsTheStoreOncePerInterval() {
    TestServer t = server(store());
    int afterStart = reads.get();

    int polls = 0;
    for (int pass = 0; pass < 3; pass++) {
      int before = statusRunIds(t).size();
      t.server.scheduler().request(PassScope.all("api"));
      // polled while the pass runs and until it shows
      while (statusRunIds(t).size() == before || polls < 30 * (pass + 1)) {
        t.get("");
        polls++;
        assertThat(polls).as("the pass never showed").isLessThan(5_000);
      }
    }
    for (int i = 0; i < 100; i++) {
      statusRunIds(t);
      t.get("");
    }
    int withinOneInterval = reads.get();
    clock.advance(RecentRuns.MAX_AGE);
    for (int i = 0; i < 100; i++) {
      statusRunIds(t);
      t.get("");
    }

    assertThat(afterStart).as("reads while starting").isEqualTo(1);
    assertThat(withinOneInterval)
        .as("reads in %d polls within one interval", polls + 200)
        .isEqualTo(1);
    assertThat(reads.get()).as("reads in the next interval").isEqualTo(2);
    assertThat(statusRunIds(t)).hasSize(4);
  }

  @Test
  void aFinishedPassIsShownInTheStatusAndOnTheDashboardAtOnce() {
    TestServer t = server(store());
    String startup = lastRun(t);
    clock.advance(Duration.ofMillis(10));
    statusRunIds(t);
    int readsBefore = reads.get();

    t.server.scheduler().request(PassScope.all("api"));
    Fixtures.await(() -> !lastRun(t).equals(startup));
    List<String> shown = statusRunIds(t);
    String dashboard = t.get("").body();

    String newest = storedRuns(t, 2).get(0).path("id").asText();
    assertThat(shown).hasSize(2).first().isEqualTo(newest);
    assertThat(dashboard).contains("…" + newest.substring(newest.length() - 8));
    assertThat(reads.get()).as("no store read").isEqualTo(readsBefore);
  }

  @Test
  void aRunRecordedByAnotherDaemonInTheSameStoreIsShownOnceTheIntervalHasPassed() throws Exception {
    TestServer t = server(store());
    storedRuns(t, 1);
    HistoryStore other = store();
    Instant now = Instant.now();
    SyncReport report =
        new SyncReport(now, now.plusSeconds(1), false, List.of(Fixtures.ok(Fixtures.WEB)));
    RunRecord theirs = other.startRun(Set.of(Trigger.WEBHOOK)).finish(report);
    assertThat(other.flush(Duration.ofSeconds(10))).isTrue();

    List<String> within = statusRunIds(t);
    clock.advance(RecentRuns.MAX_AGE.minusMillis(1));
    List<String> justBefore = statusRunIds(t);
    clock.advance(Duration.ofMillis(1));
    List<String> after = statusRunIds(t);
    String dashboard = t.get("").body();

    assertThat(within).doesNotContain(theirs.id()).hasSize(1);
    assertThat(justBefore).doesNotContain(theirs.id());
    assertThat(after).hasSize(2).first().isEqualTo(theirs.id());
    assertThat(dashboard).contains("…" + theirs.id().substring(theirs.id().length() - 8));
  }

  @Test
  void whenTheStoreCannotBeReadTheStatusShowsThisDaemonsRunsAndTriesAgainAfterTheInterval() {
    TestServer t = server(store());
    String stored = storedRuns(t, 1).get(0).path("id").asText();
    clock.advance(RecentRuns.MAX_AGE);
    readsFail.set(true);

    List<String> down = statusRunIds(t);
    int readsWhileDown = reads.get();
    statusRunIds(t);
    int readsAfterAnotherPoll = reads.get();
    readsFail.set(false);
    clock.advance(RecentRuns.MAX_AGE);
    List<String> back = statusRunIds(t);

    assertThat(t.get("api/status").statusCode()).isEqualTo(200);
    assertThat(down).as("this daemon's pass, from memory").containsExactly("1");
    assertThat(readsAfterAnotherPoll).as("no retry within the interval").isEqualTo(readsWhileDown);
    assertThat(back).containsExactly(stored);
  }
}
