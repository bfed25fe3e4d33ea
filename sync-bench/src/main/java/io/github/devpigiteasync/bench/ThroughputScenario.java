package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.RuntimeSettings;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.PublishedFile;
import io.github.devpigiteasync.testkit.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Scenario 2: the engine's throughput syncing a few large files with {@code concurrency} 1 and the
 * default, as a ratio to the same bytes piped once from Gitea to devpi by {@link RawPipe}, and a
 * sequential download-then-upload for comparison. Every run gets its own devpi simulator, so disk
 * use stays at about three times the total size (Gitea's copy, devpi's copy, the engine's staged
 * files).
 */
final class ThroughputScenario {
  private static final String INDEX = "bench/prod";
  private static final String BIG = "big-";

  private final int files;
  private final long fileSize;
  private final long warmupSize;

  ThroughputScenario(int files, long fileSize, long warmupSize) {
    this.files = files;
    this.fileSize = fileSize;
    this.warmupSize = warmupSize;
  }

  private record Run(String what, long bytes, double seconds, PhaseTimes.Totals phases) {
    double mibPerSecond() {
      return bytes / (1024.0 * 1024.0) / seconds;
    }
  }

  void run(Path tmp, Cleanup cleanup, Report report) {
    String scenario = Report.fmt("2. throughput, %d files of %s", files, Report.mib(fileSize));
    long need = 3 * files * fileSize + 2 * warmupSize + Disk.GIB;
    long free = Disk.usable(tmp);
    if (free < need) {
      report.progress(
          "2: SKIPPED: %s free under %s, %s needed", Disk.gib(free), tmp, Disk.gib(need));
      report.result(
          scenario,
          "skipped",
          Report.fmt("only %s free, %s needed", Disk.gib(free), Disk.gib(need)),
          "-",
          "-");
      return;
    }
    try (World world = new World(tmp, "throughput", cleanup);
        RawPipe raw = new RawPipe(world.giteaToken(), World.DEVPI_USER, world.devpiPassword())) {
      report.progress(
          "2: building and publishing %d wheels of %s and a warm-up wheel",
          files, Report.mib(fileSize));
      PublishedFile warm = world.publishWheel("warmup", "1.0.0", warmupSize);
      List<PublishedFile> big = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        big.add(world.publishWheel(BIG + i, "1.0.0", fileSize));
      }
      long bytes = big.stream().mapToLong(PublishedFile::size).sum();

      report.progress("2: warm-up (JIT) through both paths");
      rawRun(world, raw, List.of(warm), "warm-up");
      engineRun(world, 1, "warmup", warm.size(), 1, 0);

      // Two rounds, alternating the ways, and the faster run of each way counts: other processes
      // share the CPUs, and alternating spreads their noise over all of them.
      int defaultConcurrency = RuntimeSettings.defaults().concurrency();
      List<Run> runs = new ArrayList<>();
      for (int round = 1; round <= 2; round++) {
        report.progress("2: round %d: raw OkHttp pipe", round);
        runs.add(rawRun(world, raw, big, "raw OkHttp pipe, round " + round));
        report.progress("2: round %d: sequential download, then upload", round);
        runs.add(
            sequentialRun(world, raw, big, tmp, "sequential download then upload, round " + round));
        report.progress("2: round %d: engine, concurrency 1", round);
        runs.add(engineRun(world, 1, BIG + "*", bytes, files, round));
        report.progress("2: round %d: engine, concurrency %d", round, defaultConcurrency);
        runs.add(engineRun(world, defaultConcurrency, BIG + "*", bytes, files, round));
      }
      Run baseline = best(runs, "raw");
      Run c1 = best(runs, "engine, concurrency 1");
      Run cDefault = best(runs, "engine, concurrency " + defaultConcurrency);
      Run sequential = best(runs, "sequential");

      Table table =
          new Table(
              "run",
              "bytes",
              "seconds",
              "MiB/s",
              "ratio to raw pipe",
              "per-file sums (s): download (streamed: to first byte) / close + metadata / upload"
                  + " body (streamed: the whole pass) / devpi answer");
      for (Run r : runs) {
        PhaseTimes.Totals p = r.phases();
        String split =
            r.what().startsWith("engine")
                ? Report.fmt(
                    "%.2f / %.2f / %.2f / %.2f",
                    p.download(), p.beforeUpload(), p.upload(), p.devpiAnswer())
                : "-";
        table.row(
            r.what(),
            Report.mib(r.bytes()),
            Report.fmt("%.2f", r.seconds()),
            Report.fmt("%.0f", r.mibPerSecond()),
            Report.fmt("%.2f", r.mibPerSecond() / baseline.mibPerSecond()),
            split);
      }
      report.section(
          Report.fmt("2. Throughput: %d files of %s, loopback", files, Report.mib(fileSize)),
          table,
          "Ratios divide by the faster raw run; the summary compares the faster run of each way. The raw pipe copies the download straight into the upload; "
              + "the sequential run downloads each whole file to disk, then uploads it (what a script of two curl calls does); the engine streams each file "
              + "into the upload while hashing it into its staged copy, and sends the form fields once sha256 and metadata are checked.");
      for (Run r : List.of(c1, cDefault)) {
        double ratio = r.mibPerSecond() / baseline.mibPerSecond();
        report.result(
            scenario,
            r.what().replaceAll(", round \\d+$", "") + " vs raw pipe (best of 2 each)",
            Report.fmt(
                "%.2f (%.0f vs %.0f MiB/s)", ratio, r.mibPerSecond(), baseline.mibPerSecond()),
            "≥ 0.95",
            Report.yesNo(ratio >= 0.95));
      }
      report.result(
          scenario,
          "sequential download then upload vs raw pipe (best of 2)",
          Report.fmt(
              "%.2f (%.0f vs %.0f MiB/s)",
              sequential.mibPerSecond() / baseline.mibPerSecond(),
              sequential.mibPerSecond(),
              baseline.mibPerSecond()),
          "-",
          "-");
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
      check(devpi, published);
      return new Run(what, bytes, seconds, new PhaseTimes.Totals(0, 0, 0, 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Run sequentialRun(
      World world, RawPipe raw, List<PublishedFile> published, Path tmp, String what) {
    try (FakeDevpi devpi = world.newDevpi(2 * fileSize + Disk.GIB, List.of(INDEX))) {
      long start = System.nanoTime();
      long bytes = 0;
      for (PublishedFile f : published) {
        bytes += raw.sequential(f, devpi.url(), INDEX, tmp);
      }
      double seconds = RequestsScenario.seconds(start);
      check(devpi, published);
      return new Run(what, bytes, seconds, new PhaseTimes.Totals(0, 0, 0, 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Run best(List<Run> runs, String prefix) {
    return runs.stream()
        .filter(r -> r.what().startsWith(prefix))
        .max(Comparator.comparingDouble(Run::mibPerSecond))
        .orElseThrow();
  }

  private Run engineRun(
      World world, int concurrency, String packages, long bytes, int expected, int round) {
    try (FakeDevpi devpi = world.newDevpi(2 * fileSize + Disk.GIB, List.of(INDEX))) {
      SyncConfig config = world.config(devpi, concurrency, INDEX, "packages = " + packages);
      long start = System.nanoTime();
      SyncReport r;
      PhaseTimes phases = new PhaseTimes();
      try (SyncEngine engine = SyncEngine.builder().config(config).build()) {
        r = engine.sync(config.select(List.of(), List.of()), SyncOptions.defaults(), phases);
      }
      double seconds = RequestsScenario.seconds(start);
      if (!r.succeeded() || r.count(Outcome.UPLOADED) != expected || r.bytesUploaded() != bytes) {
        throw new IllegalStateException(
            "engine run with concurrency "
                + concurrency
                + " did not upload "
                + expected
                + " files: "
                + r);
      }
      return new Run(
          "engine, concurrency " + concurrency + ", round " + round,
          bytes,
          seconds,
          phases.totals());
    }
  }

  private static void check(FakeDevpi devpi, List<PublishedFile> published) {
    Map<String, String> stored =
        devpi.files(INDEX).stream()
            .collect(Collectors.toMap(StoredFile::filename, StoredFile::sha256));
    for (PublishedFile f : published) {
      if (!f.sha256().equals(stored.get(f.filename()))) {
        throw new IllegalStateException(
            "devpi does not hold " + f.filename() + " with Gitea's sha256");
      }
    }
  }
}
