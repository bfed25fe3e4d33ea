package io.github.devpigiteasync.store;

import static io.github.devpigiteasync.sync.FileResult.Outcome.CONFLICT;
import static io.github.devpigiteasync.sync.FileResult.Outcome.FAILED;
import static io.github.devpigiteasync.sync.FileResult.Outcome.SKIPPED;
import static io.github.devpigiteasync.sync.FileResult.Outcome.UPLOADED;
import static io.github.devpigiteasync.sync.PlannedFile.Action.SKIP;
import static io.github.devpigiteasync.sync.PlannedFile.Action.UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncReport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What both engines must do alike; subclasses say which engine. */
abstract class HistoryStoreContract {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final List<HistoryStore> opened = new ArrayList<>();

  abstract StoreOptions options();

  HistoryStore open() {
    return opened(HistoryStore.builder(options()).clock(clock).open());
  }

  /** Closes the store after the test. */
  HistoryStore opened(HistoryStore s) {
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(HistoryStore::close);
  }

  static void flush(HistoryStore store) throws InterruptedException {
    assertThat(store.flush(Duration.ofSeconds(20))).as("flushed").isTrue();
  }

  long count(HistoryStore store, String table) throws SQLException {
    try (Connection c = Objects.requireNonNull(store.database()).connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void uploadedFailedAndConflictingFilesAreRecordedWithEveryField() throws Exception {
    HistoryStore store = open();
    RunRecorder run = store.startRun(Set.of(Trigger.SCHEDULE));
    PlannedFile wheel =
        Fixtures.planned("acme-core", "1.4.0", "acme_core-1.4.0-py3-none-any.whl", UPLOAD);
    PlannedFile sdist = Fixtures.planned("acme-core", "1.4.0", "acme_core-1.4.0.tar.gz", UPLOAD);
    PlannedFile clash =
        Fixtures.planned(
            "acme-core", "1.3.0", "acme_core-1.3.0.tar.gz", PlannedFile.Action.CONFLICT);
    PlannedFile old = Fixtures.planned("acme-core", "1.2.0", "acme_core-1.2.0.tar.gz", SKIP);

    SyncReport report =
        Fixtures.pass(
            run,
            "team.prod",
            "acme",
            "team/prod",
            List.of(wheel, sdist, clash, old),
            List.of(UPLOADED, FAILED, CONFLICT, SKIPPED));
    run.finish(report);
    flush(store);
    List<HistoryEvent> events = store.events(HistoryQuery.all()).items();

    assertThat(events)
        .extracting(HistoryEvent::filename)
        .containsExactly(clash.filename(), sdist.filename(), wheel.filename());
    HistoryEvent uploaded = events.get(2);
    assertThat(uploaded.time()).isEqualTo(clock.instant());
    assertThat(uploaded.run()).isEqualTo(run.id());
    assertThat(uploaded.mapping()).isEqualTo("team.prod");
    assertThat(uploaded.organization()).isEqualTo("acme");
    assertThat(uploaded.index()).isEqualTo("team/prod");
    assertThat(uploaded.project()).isEqualTo("acme-core");
    assertThat(uploaded.version()).isEqualTo("1.4.0");
    assertThat(uploaded.sha256()).isEqualTo(wheel.sha256()).hasSize(64);
    assertThat(uploaded.bytes()).isEqualTo(1234);
    assertThat(uploaded.outcome()).isEqualTo(HistoryEvent.Outcome.UPLOADED);
    assertThat(uploaded.reason()).isEmpty();
    assertThat(events.get(1).outcome()).isEqualTo(HistoryEvent.Outcome.FAILED);
    assertThat(events.get(1).reason()).isEqualTo("upload failed: HTTP 502");
    assertThat(events.get(0).outcome()).isEqualTo(HistoryEvent.Outcome.CONFLICT);
    assertThat(events.get(0).reason()).isEqualTo("devpi holds different bytes");
    assertThat(events.get(0).bytes())
        .as("a conflict records the Gitea file's size")
        .isEqualTo(1234);
  }

  @Test
  void anUnchangedPassWritesOneRowAndNoEvents() throws Exception {
    HistoryStore store = open();
    List<PlannedFile> files =
        IntStream.range(0, 50)
            .mapToObj(i -> Fixtures.planned("p" + i, "1.0", "p" + i + "-1.0.tar.gz", UPLOAD))
            .toList();
    RunRecorder run = store.startRun(Set.of(Trigger.SCHEDULE));

    run.finish(
        Fixtures.pass(
            run,
            "m",
            "acme",
            "team/prod",
            files,
            Collections.nCopies(50, FileResult.Outcome.PRESENT)));
    flush(store);

    assertThat(count(store, "sync_runs")).isEqualTo(1);
    assertThat(count(store, "sync_events")).isZero();
    RunRecord r = store.recentRuns(10).get(0);
    assertThat(r.counts().present()).isEqualTo(50);
    assertThat(r.outcome()).isEqualTo(RunRecord.Outcome.SUCCEEDED);
  }

  @Test
  void anIdleDaemonsStoreGrowsByOneRunRowPerPass() throws Exception {
    HistoryStore store = open();
    List<PlannedFile> files =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    Fixtures.planned(
                        "p" + i, "1.0", "p" + i + "-1.0.tar.gz", PlannedFile.Action.PRESENT))
            .toList();

    for (int pass = 1; pass <= 5; pass++) {
      RunRecorder run = store.startRun(Set.of(Trigger.SCHEDULE));
      run.finish(
          Fixtures.pass(
              run,
              "m",
              "acme",
              "team/prod",
              files,
              Collections.nCopies(20, FileResult.Outcome.PRESENT)));
      flush(store);

      assertThat(count(store, "sync_runs")).as("runs after pass " + pass).isEqualTo(pass);
      assertThat(count(store, "sync_events")).as("events after pass " + pass).isZero();
    }
  }

  @Test
  void recentRunsComeNewestFirstWithTheirTriggersCountsAndErrors() throws Exception {
    HistoryStore store = open();
    RunRecorder first = store.startRun(Set.of(Trigger.STARTUP));
    first.finish(
        Fixtures.pass(
            first,
            "m",
            "acme",
            "team/prod",
            List.of(Fixtures.planned("a", "1", "a-1.tar.gz", UPLOAD)),
            List.of(UPLOADED)));
    clock.advance(Duration.ofMinutes(5));
    RunRecorder second = store.startRun(Set.of(Trigger.API, Trigger.WEBHOOK));
    Fixtures.pass(
        second,
        "m",
        "acme",
        "team/prod",
        List.of(Fixtures.planned("b", "1", "b-1.tar.gz", UPLOAD)),
        List.of(UPLOADED));
    second.fail("interrupted by shutdown");

    flush(store);
    List<RunRecord> runs = store.recentRuns(10);

    assertThat(runs).extracting(RunRecord::id).containsExactly(second.id(), first.id());
    RunRecord failed = runs.get(0);
    assertThat(failed.triggers()).containsExactlyInAnyOrder(Trigger.API, Trigger.WEBHOOK);
    assertThat(failed.outcome()).isEqualTo(RunRecord.Outcome.FAILED);
    assertThat(failed.error()).contains("interrupted by shutdown");
    assertThat(failed.counts().uploaded()).isEqualTo(1);
    assertThat(failed.mappings()).containsExactly("m");
    RunRecord ok = runs.get(1);
    assertThat(ok.triggers()).containsExactly(Trigger.STARTUP);
    assertThat(ok.bytes()).isEqualTo(1234);
    assertThat(ok.error()).isEmpty();
    assertThat(store.run(first.id())).contains(ok);
    assertThat(store.recentRuns(1)).hasSize(1);
  }

  @Test
  void runsStartedInTheSameMillisecondComeNewestFirstInTheOrderTheyStarted() throws Exception {
    HistoryStore store = open();
    List<String> started = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      RunRecorder run = store.startRun(Set.of(Trigger.API));
      run.fail("run " + i);
      started.add(run.id());
    }

    flush(store);

    assertThat(started).isSorted();
    Collections.reverse(started);
    assertThat(store.recentRuns(10)).extracting(RunRecord::id).containsExactlyElementsOf(started);
  }

  @Test
  void everyFilterNarrowsTheEvents() throws Exception {
    HistoryStore store = open();
    RunRecorder run = store.startRun(Set.of(Trigger.SCHEDULE));
    Fixtures.pass(
        run,
        "alpha",
        "acme",
        "team/alpha",
        List.of(
            Fixtures.planned("acme-core", "1.0", "acme_core-1.0.tar.gz", UPLOAD),
            Fixtures.planned("acme-web", "1.0", "acme_web-1.0.tar.gz", UPLOAD)),
        List.of(UPLOADED, FAILED));
    clock.advance(Duration.ofHours(1));
    Instant later = clock.instant();
    Fixtures.pass(
        run,
        "beta",
        "acme",
        "team/beta",
        List.of(Fixtures.planned("acme-core", "1.1", "acme_core-1.1.tar.gz", UPLOAD)),
        List.of(CONFLICT));
    run.fail("stopped");
    flush(store);

    assertThat(files(store, HistoryQuery.builder().mapping("alpha")))
        .containsExactly("acme_web-1.0.tar.gz", "acme_core-1.0.tar.gz");
    assertThat(files(store, HistoryQuery.builder().project("Acme_Core")))
        .as("project matched after PEP 503 normalisation")
        .containsExactly("acme_core-1.1.tar.gz", "acme_core-1.0.tar.gz");
    assertThat(files(store, HistoryQuery.builder().filename("acme_web-1.0.tar.gz")))
        .containsExactly("acme_web-1.0.tar.gz");
    assertThat(files(store, HistoryQuery.builder().outcome(HistoryEvent.Outcome.CONFLICT)))
        .containsExactly("acme_core-1.1.tar.gz");
    assertThat(files(store, HistoryQuery.builder().since(later)))
        .containsExactly("acme_core-1.1.tar.gz");
    assertThat(files(store, HistoryQuery.builder().project("acme-core").mapping("alpha")))
        .containsExactly("acme_core-1.0.tar.gz");
    assertThat(files(store, HistoryQuery.builder().mapping("nope"))).isEmpty();
  }

  private static List<String> files(HistoryStore store, HistoryQuery.Builder q) {
    return store.events(q.build()).items().stream().map(HistoryEvent::filename).toList();
  }

  @Test
  void cursorPagesThroughEveryEventOnceNewestFirst() throws Exception {
    HistoryStore store = open();
    List<String> expected = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      RunRecorder run = store.startRun(Set.of(Trigger.SCHEDULE));
      List<PlannedFile> files =
          IntStream.range(0, 9)
              .mapToObj(i -> Fixtures.planned("p", "1." + i, "p-" + run.id() + "-" + i, UPLOAD))
              .toList();
      // several events share a millisecond: the cursor must still not skip or repeat any
      Fixtures.pass(run, "m", "acme", "team/prod", files, Collections.nCopies(9, UPLOADED));
      files.forEach(f -> expected.add(0, f.filename()));
      clock.advance(Duration.ofMillis(1));
    }
    flush(store);

    List<String> seen = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    int pages = 0;
    do {
      HistoryQuery.Builder q = HistoryQuery.builder().limit(10);
      cursor.ifPresent(q::cursor);
      Page<HistoryEvent> page = store.events(q.build());
      page.items().forEach(e -> seen.add(e.filename()));
      cursor = page.next();
      pages++;
    } while (cursor.isPresent());

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void aReopenedStoreKeepsItsHistoryAndRuns() throws Exception {
    HistoryStore store = open();
    RunRecorder run = store.startRun(Set.of(Trigger.ONE_OFF));
    run.finish(
        Fixtures.pass(
            run,
            "m",
            "acme",
            "team/prod",
            List.of(Fixtures.planned("a", "1", "a-1.tar.gz", UPLOAD)),
            List.of(UPLOADED)));
    store.close();

    HistoryStore again = open();

    assertThat(again.recentRuns(5)).extracting(RunRecord::id).containsExactly(run.id());
    assertThat(again.events(HistoryQuery.all()).items())
        .extracting(HistoryEvent::filename)
        .containsExactly("a-1.tar.gz");
  }

  @Test
  void pruningDeletesRowsOlderThanHistoryDays() throws Exception {
    HistoryStore store = open();
    RunRecorder old = store.startRun(Set.of(Trigger.SCHEDULE));
    old.fail("old");
    Fixtures.pass(
        old,
        "m",
        "acme",
        "team/prod",
        List.of(Fixtures.planned("a", "1", "a-1.tar.gz", UPLOAD)),
        List.of(UPLOADED));
    flush(store);
    clock.advance(Duration.ofDays(91));
    RunRecorder recent = store.startRun(Set.of(Trigger.SCHEDULE));
    recent.fail("recent");
    flush(store);

    store.prune();

    assertThat(store.recentRuns(10)).extracting(RunRecord::id).containsExactly(recent.id());
    assertThat(store.events(HistoryQuery.all()).items()).isEmpty();
  }

  @Test
  void healthIsOkWhileTheStoreIsWritable() throws Exception {
    HistoryStore store = open();
    store.startRun(Set.of(Trigger.SCHEDULE)).fail("x");
    flush(store);

    assertThat(store.health())
        .isEqualTo(new StoreHealth(StoreHealth.Status.OK, Optional.empty(), 0, 0));
  }
}
