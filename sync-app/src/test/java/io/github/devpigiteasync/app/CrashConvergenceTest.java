package io.github.devpigiteasync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.testkit.Faults;
import io.github.devpigiteasync.testkit.PublishedFile;
import io.github.devpigiteasync.testkit.Sandbox;
import io.github.devpigiteasync.testkit.StoredFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killed at any moment, the next run converges: a one-off sync runs in a child JVM against the
 * simulators (in this JVM) and is killed with SIGKILL at seeded moments (listing, planning,
 * mid-download, mid-upload, between files, with bytes staged, while the history store is written),
 * in streaming and staged transfer mode; then a run finishes. Afterwards devpi holds exactly
 * Gitea's files with Gitea's sha256, nothing else, no file twice, the staging directory holds no
 * file and the history store still reads. The same for server mode killed during its start-up pass
 * and restarted.
 *
 * <p>Moments are picked by watching the simulators, not by sleeping: the request that marks the
 * moment is held by the simulator ({@code delayNext}) so that the child is surely inside it when it
 * is killed. 4 kills in the normal suite; {@code -Preliability} runs 20 ({@code
 * -Dreliability.seed=N} picks another sequence).
 */
class CrashConvergenceTest {
  private static final boolean FULL = Boolean.getBoolean("reliability.full");
  private static final long SEED = Long.getLong("reliability.seed", 20261204L);
  private static final Duration HOLD = Duration.ofSeconds(2);
  private static final Duration RUN_LIMIT = Duration.ofSeconds(180);
  private static final String MAIN = "io.github.devpigiteasync.cli.SyncCli";

  @TempDir Path dir;

  enum Moment {
    LISTING,
    PLANNING,
    MID_DOWNLOAD,
    MID_UPLOAD,
    BETWEEN_FILES,
    BYTES_STAGED,
    HISTORY_WRITE
  }

  @Test
  void oneOffRunKilledAtSeededMomentsConvergesOnTheNextRun() throws Exception {
    Random random = new Random(SEED);
    int kills = FULL ? 20 : 4;
    try (Sandbox sandbox = Sandbox.start(dir)) {
      Map<String, PublishedFile> published = new LinkedHashMap<>();
      for (int p = 0; p < 4; p++) {
        publish(sandbox, published, "proj" + p, "1.0", p);
      }
      Path staging = dir.resolve("staging");
      Path state = dir.resolve("state");
      List<String> log = new ArrayList<>();

      for (int k = 0; k < kills; k++) {
        // something new every round, so that every kind of moment can still happen
        publish(sandbox, published, "proj" + random.nextInt(6), "2." + k, k);
        Moment moment =
            Moment.values()[
                k < Moment.values().length ? k : random.nextInt(Moment.values().length)];
        String mode =
            moment == Moment.BYTES_STAGED || random.nextBoolean() ? "staged" : "streaming";
        Path config = config(sandbox, staging, state, mode);
        boolean killed =
            killAt(
                moment, sandbox, staging, state, () -> Child.start(dir, "-c", config.toString()));
        log.add(
            moment + " (" + mode + ")" + (killed ? " killed" : " missed (the run ended first)"));
      }
      System.out.println("Crash convergence, seed " + SEED + ": " + log);
      Path config = config(sandbox, staging, state, "streaming");
      Child last = Child.start(dir, "-c", config.toString());
      int exit = last.waitForExit();
      Child history = Child.start(dir, "history", "-c", config.toString(), "--json");
      int historyExit = history.waitForExit();

      assertThat(exit).as("final run, after %s:%n%s", log, last.output()).isZero();
      assertConverged(sandbox, published, staging);
      assertThat(last.output()).doesNotContain(sandbox.giteaToken(), sandbox.devpiPassword());
      assertThat(historyExit).as("history after the kills: %s", history.output()).isZero();
      assertThat(history.output()).contains("\"events\"");
      assertThat(log).as("kills").anyMatch(l -> l.endsWith("killed"));
    }
  }

  @Test
  void serverKilledDuringItsStartUpPassConvergesAfterRestart() throws Exception {
    Random random = new Random(SEED + 1);
    int kills = FULL ? 5 : 1;
    try (Sandbox sandbox = Sandbox.start(dir)) {
      Map<String, PublishedFile> published = new LinkedHashMap<>();
      for (int p = 0; p < 3; p++) {
        publish(sandbox, published, "svc" + p, "1.0", p);
      }
      Path staging = dir.resolve("staging");
      Path state = dir.resolve("state");
      Path config = config(sandbox, staging, state, "streaming");
      String[] args = {"-c", config.toString(), "--server", "--host", "127.0.0.1", "--port", "0"};

      for (int k = 0; k < kills; k++) {
        publish(sandbox, published, "svc" + random.nextInt(4), "2." + k, k);
        Moment moment =
            k == 0 ? Moment.MID_UPLOAD : Moment.values()[random.nextInt(Moment.values().length)];
        killAt(moment, sandbox, staging, state, () -> Child.start(dir, args));
      }
      Child server = Child.start(dir, args);
      try {
        await(
            () -> storedNames(sandbox).equals(published.keySet().stream().sorted().toList()),
            "devpi to hold every Gitea file after the restart");
        server.process.destroy(); // SIGTERM: the server finishes or cancels its pass and exits
        int exit = server.waitForExit();

        assertThat(exit).as(server.output()).isZero();
        assertConverged(sandbox, published, staging);
        assertThat(server.output()).doesNotContain(sandbox.giteaToken(), sandbox.devpiPassword());
      } finally {
        server.process.destroyForcibly();
      }
    }
  }

  /**
   * Arms the simulators for {@code moment}, waits until the child is there and kills it with
   * SIGKILL. Returns false when the child finished before the moment came.
   */
  private static boolean killAt(
      Moment moment, Sandbox sandbox, Path staging, Path state, Starter starter) throws Exception {
    long walBefore = size(state.resolve("history.db-wal"));
    sandbox.gitea().resetCounters();
    sandbox.devpi().resetCounters();
    int storedBefore = sandbox.devpi().files(Sandbox.INDEX).size();
    BooleanSupplier reached =
        switch (moment) {
          case LISTING ->
              held(
                  sandbox.gitea().faults(),
                  "^/api/v1/packages/acme$",
                  () -> sandbox.gitea().requestCount("GET", "^/api/v1/packages/acme$") > 0);
          case PLANNING ->
              held(
                  sandbox.devpi().faults(),
                  "^/ci/prod/[^/+]+/?$",
                  () -> sandbox.devpi().requestCount("GET", "^/ci/prod/[^/+]+/?$") > 0);
          case MID_DOWNLOAD ->
              held(
                  sandbox.gitea().faults(),
                  "/files/",
                  () -> sandbox.gitea().requestCount("GET", "/files/") > 0);
          case MID_UPLOAD ->
              held(
                  sandbox.devpi().faults(),
                  "^/ci/prod/?$",
                  () -> sandbox.devpi().requestCount("POST", "^/ci/prod/?$") > 0);
          case BETWEEN_FILES -> () -> sandbox.devpi().files(Sandbox.INDEX).size() > storedBefore;
          case BYTES_STAGED -> () -> stagedBytes(staging) > 0;
          // the embedded store (SQLite in WAL mode) is being written
          case HISTORY_WRITE -> () -> size(state.resolve("history.db-wal")) > walBefore;
        };
    Child child = starter.start();
    try {
      Instant end = Instant.now().plus(RUN_LIMIT);
      while (Instant.now().isBefore(end)) {
        if (reached.getAsBoolean()) {
          child.process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
          child.process.waitFor(30, TimeUnit.SECONDS);
          return true;
        }
        if (!child.process.isAlive()) {
          return false;
        }
        Thread.sleep(2);
      }
      throw new AssertionError("neither " + moment + " nor the end of the run came");
    } finally {
      child.process.destroyForcibly();
      sandbox.gitea().faults().clear();
      sandbox.devpi().faults().clear();
      // let a held request finish in the simulator before the next run starts
      Thread.sleep(HOLD.toMillis() + 500);
    }
  }

  @FunctionalInterface
  private interface Starter {
    Child start() throws IOException;
  }

  private static BooleanSupplier held(Faults faults, String pathRegex, BooleanSupplier arrived) {
    faults.delayNext(pathRegex, HOLD);
    return arrived;
  }

  private static void publish(
      Sandbox sandbox,
      Map<String, PublishedFile> published,
      String name,
      String version,
      long seed) {
    for (PublishedFile f :
        List.of(
            sandbox
                .gitea()
                .publish(
                    Sandbox.ORG,
                    sandbox.dists().wheel(name, version).padding(384 * 1024).seed(seed).build()),
            sandbox.gitea().publish(Sandbox.ORG, sandbox.dists().sdist(name, version).build()))) {
      published.put(f.filename(), f);
    }
  }

  private static Path config(Sandbox sandbox, Path staging, Path state, String transferMode) {
    return sandbox.writeConfig(
        sandbox.ini(
            "[mapping:acme]",
            "index = " + Sandbox.INDEX,
            "",
            "[runtime]",
            "concurrency = 2",
            "transfer_mode = " + transferMode,
            "download_dir = " + staging,
            "state_dir = " + state));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // not there (yet)
    }
  }

  private static void assertConverged(
      Sandbox sandbox, Map<String, PublishedFile> published, Path staging) throws IOException {
    List<StoredFile> stored = sandbox.devpi().files(Sandbox.INDEX);
    Map<String, String> storedSha =
        stored.stream()
            .collect(Collectors.toMap(StoredFile::filename, StoredFile::sha256, (a, b) -> a));
    Map<String, String> giteaSha =
        published.values().stream()
            .collect(Collectors.toMap(PublishedFile::filename, PublishedFile::sha256));
    assertThat(stored).as("no file twice").hasSize(storedSha.size());
    assertThat(storedSha).as("devpi == Gitea (names and sha256)").isEqualTo(giteaSha);
    try (Stream<Path> left = Files.walk(staging)) {
      assertThat(left.filter(Files::isRegularFile)).as("files left in staging").isEmpty();
    }
  }

  private static List<String> storedNames(Sandbox sandbox) {
    return sandbox.devpi().files(Sandbox.INDEX).stream()
        .map(StoredFile::filename)
        .sorted()
        .toList();
  }

  private static long stagedBytes(Path staging) {
    if (!Files.isDirectory(staging)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(staging)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .mapToLong(f -> f.toFile().length())
          .sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a run directory vanished while we looked
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Instant end = Instant.now().plus(RUN_LIMIT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The CLI's main class in a child JVM on this module's test class path. */
  private record Child(Process process, Path out) {
    static Child start(Path dir, String... args) throws IOException {
      String classPath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classPath, MAIN));
      command.addAll(List.of(args));
      Path out = Files.createTempFile(dir, "child-", ".log");
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      process.getOutputStream().close();
      return new Child(process, out);
    }

    int waitForExit() throws InterruptedException {
      if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not finish within " + RUN_LIMIT + ": " + output());
      }
      return process.exitValue();
    }

    String output() {
      try {
        return Files.readString(out, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    }
  }
}
