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
  void aSecondStoreOnTheSameFileReadsWhileTheFirstWrites() throws Exception {
    HistoryStore daemon = open();
    RunRecorder run = daemon.startRun(Set.of(Trigger.SCHEDULE));
    run.fail("x");
    flush(daemon);

    HistoryStore cli = open();

    assertThat(cli.recentRuns(1)).extracting(RunRecord::id).containsExactly(run.id());
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
