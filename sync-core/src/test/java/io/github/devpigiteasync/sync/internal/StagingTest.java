package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingTest {
  @TempDir Path dir;

  @Test
  void missingRootAndEveryRunDirectoryAreCreatedOwnerOnly() throws Exception {
    Staging staging = new Staging(dir.resolve("stage"));

    try (Staging.Run run = staging.newRun()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(staging.root())))
          .isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.dir())))
          .isEqualTo("rwx------");
      assertThat(run.dir().getParent()).isEqualTo(staging.root());
    }
  }

  @Test
  void anExistingRootIsUsedAsItIs() throws Exception {
    Path root = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-x---"));

    try (Staging.Run run = new Staging(root).newRun()) {
      assertThat(run.dir()).exists();
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
        .isEqualTo("rwxr-x---");
  }

  @Test
  void closingARunRemovesItsFilesAndItsDirectory() throws Exception {
    Staging staging = new Staging(dir);
    Staging.Run run = staging.newRun();
    Path staged = run.newFile();
    Files.writeString(staged, "partial download");

    run.close();

    assertThat(staged).doesNotExist();
    assertThat(run.dir()).doesNotExist();
  }

  @Test
  void stagedFileNamesAreGeneratedNeverTakenFromTheServer() {
    try (Staging.Run run = new Staging(dir).newRun()) {
      Path a = run.newFile();
      Path b = run.newFile();

      assertThat(a).isNotEqualTo(b);
      assertThat(a.getParent()).isEqualTo(run.dir());
      assertThat(a.getFileName().toString()).matches("file-\\d{6}\\.dist");
    }
  }

  @Test
  void leftoversOfCrashedRunsAreRemovedWhileALiveRunIsKept() throws Exception {
    Staging staging = new Staging(dir);
    Path crashed = Files.createDirectory(dir.resolve("run-crashed"));
    Files.createFile(crashed.resolve(".lock"));
    Files.writeString(crashed.resolve("file-000001.dist"), "left behind");
    Path unlocked = Files.createDirectory(dir.resolve("run-old-without-lock"));
    Files.writeString(unlocked.resolve("file-000001.dist"), "left behind");
    Files.setLastModifiedTime(unlocked, FileTime.from(Instant.now().minusSeconds(3600)));
    Path justStarted = Files.createDirectory(dir.resolve("run-just-started"));
    Path unrelated = Files.writeString(dir.resolve("keep-me.txt"), "not ours");

    try (Staging.Run live = staging.newRun()) {
      Path inFlight = Files.writeString(live.newFile(), "in flight");

      int removed = staging.cleanLeftovers();

      assertThat(removed).isEqualTo(2);
      assertThat(crashed).doesNotExist();
      assertThat(unlocked).doesNotExist();
      assertThat(justStarted).exists();
      assertThat(inFlight).exists();
      assertThat(unrelated).exists();
    }
  }
}
