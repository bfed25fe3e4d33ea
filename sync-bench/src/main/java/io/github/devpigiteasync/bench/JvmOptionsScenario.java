package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.PublishedFile;
import io.github.devpigiteasync.testkit.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: big-file throughput of the engine in a child JVM started with the JVM options users
 * run, against the simulators in this JVM and the raw pipe of scenario 2. The shipped options use
 * the C1 compiler only, and the JDK's SHA-256 intrinsic exists only in C2, so every byte hashed
 * costs more there than in the bench's own JVM (default options), where scenario 2 runs the engine.
 * Each child runs one pass of the files at {@code concurrency = 1}, JIT warm-up included, as a
 * fresh one-off run or the daemon's first pass would.
 */
final class JvmOptionsScenario {
  private static final String INDEX = "bench/prod";
  private static final String BIG = "jvm-";

  /** One way of starting the child JVM. */
  record Way(String name, String options) {}

  private record Run(
      String what, long bytes, double seconds, double cpuSeconds, long peakRssBytes) {
    double mibPerSecond() {
      return bytes / (1024.0 * 1024.0) / seconds;
    }
  }

  private final int files;
  private final long fileSize;
  private final List<Way> ways;

  JvmOptionsScenario(int files, long fileSize, List<Way> ways) {
    this.files = files;
    this.fileSize = fileSize;
    this.ways = List.copyOf(ways);
  }

  void run(Path tmp, Cleanup cleanup, Report report) {
    String scenario =
        Report.fmt("7. throughput by JVM options, %d files of %s", files, Report.mib(fileSize));
    long need = 3 * files * fileSize + Disk.GIB;
    long free = Disk.usable(tmp);
    if (free < need) {
      report.progress(
          "7: SKIPPED: %s free under %s, %s needed", Disk.gib(free), tmp, Disk.gib(need));
      report.result(scenario, "skipped", "only " + Disk.gib(free) + " free", "-", "-");
      return;
    }
    try (World world = new World(tmp, "jvm-options", cleanup);
        RawPipe raw = new RawPipe(world.giteaToken(), World.DEVPI_USER, world.devpiPassword())) {
      report.progress("7: building and publishing %d wheels of %s", files, Report.mib(fileSize));
      List<PublishedFile> big = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        big.add(world.publishWheel(BIG + i, "1.0.0", fileSize));
      }
      long bytes = big.stream().mapToLong(PublishedFile::size).sum();
      rawRun(world, raw, big.subList(0, 1), "warm-up"); // the raw pipe runs warm in this JVM

      List<Run> runs = new ArrayList<>();
      for (int round = 1; round <= 2; round++) {
        report.progress("7: round %d: raw OkHttp pipe (this JVM)", round);
        runs.add(rawRun(world, raw, big, "raw OkHttp pipe (this JVM), round " + round));
        for (Way way : ways) {
          report.progress("7: round %d: engine in a child JVM, %s", round, way.name());
          runs.add(childRun(world, big, bytes, way, round, cleanup));
        }
      }

      Run baseline = best(runs, "raw");
      Table table =
          new Table(
              "run", "seconds", "MiB/s", "ratio to raw pipe", "CPU s of the pass", "peak RSS");
      for (Run r : runs) {
        table.row(
            r.what(),
            Report.fmt("%.2f", r.seconds()),
            Report.fmt("%.0f", r.mibPerSecond()),
            Report.fmt("%.2f", r.mibPerSecond() / baseline.mibPerSecond()),
            r.cpuSeconds() < 0 ? "-" : Report.fmt("%.2f", r.cpuSeconds()),
            ChildProcess.mib(r.peakRssBytes()));
      }
      StringBuilder options = new StringBuilder("Ways: ");
      for (Way way : ways) {
        options.append(way.name()).append(" = `").append(way.options()).append("`; ");
      }
      report.section(
          Report.fmt(
              "7. Throughput by JVM options: %d files of %s, concurrency 1, simulators in the bench's JVM",
              files, Report.mib(fileSize)),
          table,
          options.toString().trim(),
          "Seconds and CPU are the pass's own, measured inside the child (JIT warm-up included,"
              + " JVM start-up not); peak RSS is the whole child's. Ratios divide by the faster raw"
              + " run; the summary compares the faster run of each way.");
      for (Way way : ways) {
        Run r = best(runs, way.name() + ",");
        report.result(
            scenario,
            way.name() + " vs raw pipe (best of 2), CPU of the pass",
            Report.fmt(
                "%.2f (%.0f vs %.0f MiB/s), %.2f s CPU",
                r.mibPerSecond() / baseline.mibPerSecond(),
                r.mibPerSecond(),
                baseline.mibPerSecond(),
                r.cpuSeconds()),
            "-",
            "-");
      }
    }
  }

  private Run rawRun(World world, RawPipe raw, List<PublishedFile> published, String what) {
    try (FakeDevpi devpi = world.newDevpi(2 * fileSize + Disk.GIB, List.of(INDEX))) {
      long start = System.nanoTime();
      long bytes = 0;
      for (PublishedFile f : published) {
        bytes += raw.pipe(f, devpi.url(), INDEX);
      }
      double seconds = RequestsScenario.seconds(start);
      check(devpi, published, what);
      return new Run(what, bytes, seconds, -1, -1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Run childRun(
      World world, List<PublishedFile> published, long bytes, Way way, int round, Cleanup cleanup) {
    String what = way.name() + ", round " + round;
    try (FakeDevpi devpi = world.newDevpi(2 * fileSize + Disk.GIB, List.of(INDEX))) {
      Path config =
          world.writeConfig(
              "jvm-options.conf", world.ini(devpi, 1, INDEX, "packages = " + BIG + "*"));
      List<String> command = new ArrayList<>();
      command.add(ChildProcess.java());
      command.addAll(CliScenario.options(way.options()));
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              SyncBench.class.getName(),
              SyncBench.HEAP_CHILD,
              config.toString(),
              Integer.toString(published.size())));
      Path log = Files.createTempFile(config.getParent(), "child-", ".log");
      ChildProcess.Result result = ChildProcess.run(command, world.env(), log, cleanup);
      Map<String, String> values = values(result.output());
      if (result.exitCode() != 0 || !"true".equals(values.get("ok"))) {
        throw new IllegalStateException(
            "child JVM (" + what + ") failed, exit " + result.exitCode() + ": " + result.output());
      }
      check(devpi, published, what);
      return new Run(
          what,
          bytes,
          Double.parseDouble(values.get("seconds")),
          Double.parseDouble(values.get("cpu")),
          result.peakRssBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> values(String output) {
    Map<String, String> values = new HashMap<>();
    for (String line : output.split("\n")) {
      if (line.startsWith(HeapChild.PREFIX + " ")) {
        for (String pair : line.substring(HeapChild.PREFIX.length() + 1).split(" ")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
          }
        }
      }
    }
    return values;
  }

  private static Run best(List<Run> runs, String prefix) {
    return runs.stream()
        .filter(r -> r.what().startsWith(prefix))
        .max(Comparator.comparingDouble(Run::mibPerSecond))
        .orElseThrow();
  }

  private static void check(FakeDevpi devpi, List<PublishedFile> published, String what) {
    Map<String, String> stored = new HashMap<>();
    for (StoredFile f : devpi.files(INDEX)) {
      stored.put(f.filename(), f.sha256());
    }
    for (PublishedFile f : published) {
      if (!f.sha256().equals(stored.get(f.filename()))) {
        throw new IllegalStateException(
            what + ": devpi does not hold " + f.filename() + " with Gitea's sha256");
      }
    }
  }
}
