package io.github.devpigiteasync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteHistoryStoreTest extends HistoryStoreContract {
  @TempDir Path tmp;

  @Override
  StoreOptions options() {
    return StoreOptions.embedded(tmp.resolve("state"), 90);
  }

  @Test
  void theStateDirectoryAndDatabaseFileArePrivateToTheUser() throws Exception {
    open();

    Path dir = tmp.resolve("state");
    assertThat(Files.getPosixFilePermissions(dir))
        .containsExactlyInAnyOrder(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.getPosixFilePermissions(dir.resolve("history.db")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void aDatabaseFileDeletedUnderTheStoreIsMadeAgainAndTheNextRunsAreKept() throws Exception {
    HistoryStore daemon = open();
    RunRecorder before = daemon.startRun(Set.of(Trigger.SCHEDULE));
    before.fail("before");
    flush(daemon);
    Path dir = tmp.resolve("state");
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().startsWith("history.db")) {
          Files.delete(f); // what "rm state/history.db*" does while the daemon runs
        }
      }
    }

    RunRecorder after = daemon.startRun(Set.of(Trigger.SCHEDULE));
    after.fail("after");
    flush(daemon);

    assertThat(Files.getPosixFilePermissions(dir.resolve("history.db")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(open().recentRuns(5)).extracting(RunRecord::id).containsExactly(after.id());
    assertThat(daemon.health().status()).isEqualTo(StoreHealth.Status.OK);
  }

  @Test
  void onlyTheMainFileDeletedLeavesNoStaleLogToReplayIntoTheNewOne() throws Exception {
    HistoryStore daemon = open();
    for (int i = 0; i < 3; i++) {
      daemon.startRun(Set.of(Trigger.SCHEDULE)).fail("old " + i);
    }
    flush(daemon);
    Files.delete(tmp.resolve("state").resolve("history.db"));

    RunRecorder after = daemon.startRun(Set.of(Trigger.SCHEDULE));
    after.fail("after");
    flush(daemon);

    assertThat(open().recentRuns(10)).extracting(RunRecord::id).containsExactly(after.id());
  }

  @Test
  void aSecondStoreOnTheSameFileReadsWhileTheFirstWrites() throws Exception {
    HistoryStore daemon = open();
    RunRecorder run = daemon.startRun(Set.of(Trigger.SCHEDULE));
    run.fail("x");
    flush(daemon);

    HistoryStore cli = open();

    assertThat(cli.recentRuns(1)).extracting(RunRecord::id).containsExactly(run.id());
  }

  @Test
  void theRedactionIsAppliedToEveryReasonAndErrorBeforeItIsStored() throws Exception {
    String token = "0123456789abcdef-token";
    HistoryStore store =
        HistoryStore.builder(options()).redaction(t -> t.replace(token, "****")).open();
    opened(store);
    var file =
        Fixtures.planned(
            "p", "1.0", "p-1.0.tar.gz", io.github.devpigiteasync.sync.PlannedFile.Action.UPLOAD);
    RunRecorder pass = store.startRun(Set.of(Trigger.SCHEDULE));
    pass.fileFinished(
        new io.github.devpigiteasync.sync.MappingPlan(
            "m",
            "acme",
            "team/prod",
            "default",
            java.util.List.of(file),
            java.util.Optional.empty()),
        new io.github.devpigiteasync.sync.FileResult(
            "p",
            "1.0",
            "p-1.0.tar.gz",
            io.github.devpigiteasync.sync.FileResult.Outcome.FAILED,
            "GET https://gitea/?token=" + token + " failed",
            0,
            java.time.Duration.ZERO));
    RunRecord failed = pass.fail("login with " + token + " refused");
    flush(store);

    assertThat(failed.error()).hasValue("login with **** refused");
    assertThat(store.events(HistoryQuery.all()).items())
        .singleElement()
        .extracting(HistoryEvent::reason)
        .isEqualTo("GET https://gitea/?token=**** failed");
    StringBuilder onDisk = new StringBuilder();
    try (var files = Files.list(tmp.resolve("state"))) {
      for (Path f : files.toList()) {
        onDisk.append(
            new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(onDisk).as("database and WAL files").contains("p-1.0.tar.gz").doesNotContain(token);
  }

  @Test
  void anUncreatableStateDirectoryIsAnErrorNamingIt() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> HistoryStore.open(StoreOptions.embedded(file.resolve("sub"), 90)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("state_dir " + file.resolve("sub"));
  }
}
