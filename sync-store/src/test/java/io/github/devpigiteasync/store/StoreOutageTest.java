package io.github.devpigiteasync.store;

import static io.github.devpigiteasync.sync.FileResult.Outcome.UPLOADED;
import static io.github.devpigiteasync.sync.PlannedFile.Action.UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.devpigiteasync.sync.PlannedFile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A PostgreSQL store that goes away: recording goes on, rows wait, and are written later. */
@ExtendWith(Postgres.class)
class StoreOutageTest {

  private static HistoryStore open(Postgres.Db db, int capacity) {
    return HistoryStore.builder(db.options())
        .bufferCapacity(capacity)
        .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
        .connectionTimeout(Duration.ofMillis(500))
        .open();
  }

  /**
   * Refuses new connections and ends the open ones. {@code pg_terminate_backend} only signals the
   * backends, so this waits until they are gone: a pooled connection still alive for a moment would
   * let the writer store rows that the test expects to wait.
   */
  private static void takeDown(Postgres.Db db) throws Exception {
    db.admin("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false");
    db.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + db.name()
            + "'");
    await("no backend left on " + db.name(), () -> backends(db) == 0);
  }

  private static int backends(Postgres.Db db) {
    try (Connection c = db.admin();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name() + "'")) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bringBack(Postgres.Db db) throws Exception {
    db.admin("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static List<PlannedFile> files(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> Fixtures.planned("p", "1." + i, "p-1." + i + ".tar.gz", UPLOAD))
        .toList();
  }

  @Test
  void passesAreRecordedWhileTheStoreIsDownAndWrittenWhenItIsBack(Postgres.Db db) throws Exception {
    try (HistoryStore store = open(db, 1000)) {
      takeDown(db);

      RunRecorder run = store.startRun(Set.of(Trigger.SCHEDULE));
      run.finish(
          Fixtures.pass(run, "m", "acme", "team/prod", files(5), Collections.nCopies(5, UPLOADED)));
      await("degraded", () -> store.health().status() == StoreHealth.Status.DEGRADED);

      StoreHealth down = store.health();
      assertThat(down.reason()).get().asString().startsWith("history store unavailable: ");
      assertThat(down.reason().get()).doesNotContain("password");
      assertThat(down.buffered()).isEqualTo(6);
      assertThatThrownBy(() -> store.recentRuns(5))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageStartingWith("history store unavailable: ");

      bringBack(db);

      assertThat(store.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(store.health())
          .isEqualTo(new StoreHealth(StoreHealth.Status.OK, java.util.Optional.empty(), 0, 0));
      assertThat(store.recentRuns(5)).extracting(RunRecord::id).containsExactly(run.id());
      assertThat(store.events(HistoryQuery.all()).items()).hasSize(5);
    }
  }

  @Test
  void aFullBufferDropsAndCountsRowsInsteadOfBlocking(Postgres.Db db) throws Exception {
    try (HistoryStore store = open(db, 3)) {
      takeDown(db);

      RunRecorder run = store.startRun(Set.of(Trigger.SCHEDULE));
      run.finish(
          Fixtures.pass(
              run, "m", "acme", "team/prod", files(20), Collections.nCopies(20, UPLOADED)));
      await("degraded", () -> store.health().status() == StoreHealth.Status.DEGRADED);

      StoreHealth h = store.health();
      assertThat(h.buffered() + h.dropped()).isEqualTo(21);
      assertThat(h.dropped()).isGreaterThanOrEqualTo(21 - 3 - 3);
      bringBack(db);
      assertThat(store.flush(Duration.ofSeconds(30))).isTrue();
      // every row that was not dropped is written: the 20 events and the run row alike (the run
      // row comes last and is kept when the writer drained the buffer just before it)
      int events = store.events(HistoryQuery.all()).items().size();
      int runs = store.recentRuns(5).size();
      assertThat(runs).isBetween(0, 1);
      assertThat(events + runs).isEqualTo(21 - h.dropped());
    }
  }

  @Test
  void aStoreUnreachableAtStartOpensDegradedAndMigratesWhenItIsBack(Postgres.Db db)
      throws Exception {
    takeDown(db);

    try (HistoryStore store = open(db, 1000)) {
      assertThat(store.health().status()).isEqualTo(StoreHealth.Status.DEGRADED);
      RunRecorder run = store.startRun(Set.of(Trigger.STARTUP));
      run.fail("gitea unreachable");

      bringBack(db);

      assertThat(store.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(store.recentRuns(5)).extracting(RunRecord::id).containsExactly(run.id());
    }
  }
}
