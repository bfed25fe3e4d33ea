package io.github.devpigiteasync.store;

import static io.github.devpigiteasync.sync.FileResult.Outcome.UPLOADED;
import static io.github.devpigiteasync.sync.PlannedFile.Action.UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.sync.PlannedFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's file locked by another process (a {@code sqlite3} shell or a backup holding
 * {@code BEGIN EXCLUSIVE}): the store counts as down, rows wait, reads still answer, and everything
 * is written once the lock is released.
 */
class LockedSqliteStoreTest {
  @TempDir Path tmp;

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
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

  /** A second connection, as another process would open it, holding the write lock. */
  private Connection lock() throws Exception {
    Connection c =
        DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("state").resolve("history.db"));
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
    }
    return c;
  }

  @Test
  void aFileLockedByAnotherConnectionDegradesTheStoreAndRowsAreWrittenAfterRelease()
      throws Exception {
    try (HistoryStore store =
        HistoryStore.builder(StoreOptions.embedded(tmp.resolve("state"), 90))
            .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .connectionTimeout(Duration.ofMillis(500))
            .open()) {
      RunRecorder earlier = store.startRun(Set.of(Trigger.STARTUP));
      earlier.fail("before the lock");
      assertThat(store.flush(Duration.ofSeconds(20))).isTrue();
      Connection holder = lock();

      RunRecorder run = store.startRun(Set.of(Trigger.SCHEDULE));
      run.finish(
          Fixtures.pass(run, "m", "acme", "team/prod", files(3), Collections.nCopies(3, UPLOADED)));
      await("degraded", () -> store.health().status() == StoreHealth.Status.DEGRADED);
      StoreHealth down = store.health();
      List<RunRecord> readWhileLocked = store.recentRuns(5);
      try (Statement s = holder.createStatement()) {
        s.execute("ROLLBACK");
      }
      holder.close();

      assertThat(down.reason()).get().asString().startsWith("history store unavailable: ");
      assertThat(down.reason().get()).containsIgnoringCase("locked");
      assertThat(down.buffered()).isEqualTo(4);
      assertThat(readWhileLocked).extracting(RunRecord::id).containsExactly(earlier.id());
      assertThat(store.flush(Duration.ofSeconds(60))).isTrue();
      assertThat(store.health().status()).isEqualTo(StoreHealth.Status.OK);
      assertThat(store.recentRuns(5))
          .extracting(RunRecord::id)
          .containsExactly(run.id(), earlier.id());
      assertThat(store.events(HistoryQuery.all()).items()).hasSize(3);
    }
  }
}
