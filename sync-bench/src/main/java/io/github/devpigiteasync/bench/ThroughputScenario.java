package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.RuntimeSettings;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.PublishedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Scenario 2: the engine's throughput syncing a few large files with {@code concurrency} 1 and the
 * default, as a ratio to the same bytes piped once from Gitea to devpi by {@link RawPipe}, and a
 * sequential download-then-upload for comparison. Every run gets its own devpi simulator, so disk
 * use stays at about three times the total size (Gitea's copy, devpi's copy, the engine's staged
 * files).
 *
 * <p>Two layouts, each against its own raw pipe: the simulators in the bench's JVM, sharing every
 * CPU with the engine; and, where {@code taskset} and two CPUs are available, the simulators in a
 * child JVM pinned to one CPU while the bench's JVM (engine and raw pipe) is pinned to another, so
 * that the engine's CPU time no longer comes off the servers' share.
 */
final class ThroughputScenario {
  private static final String INDEX = "bench/prod";
  private static final String BIG = "big-";

  /**
   * The order of the four ways (raw pipe, sequential, engine at concurrency 1, engine at the
   * default) in each round; the fastest run of each way counts. The simulators' own speed moves by
   * a quarter or more from one run to the next on a shared machine, so a third round lets a slow
   * round of either side decide the ratio less often. The order changes from round to round because
   * a run pays for some of what the one before it left behind (dirty pages, memory the kernel has
   * to hand out again), and no way should always follow the same one.
   */
  private static final int[][] ORDER = {{0, 1, 2, 3}, {2, 0, 3, 1}, {3, 2, 1, 0}};

  private static final int ROUNDS = ORDER.length;

  /** One way of moving the files, run once per round. */
  private record Way(String name, IntFunction<Run> run) {}

  private final int files;
  private final long fileSize;
  private final long warmupSize;

  ThroughputScenario(int files, long fileSize, long warmupSize) {
    this.files = files;
    this.fileSize = fileSize;
    this.warmupSize = warmupSize;
  }

  /** CPU seconds (user + system) of this JVM and of the simulators' JVM (-1: in this one). */
  private record Cpu(double bench, double simulators) {
    static Cpu now(Simulators sims) {
      return new Cpu(
          ChildProcess.cpuSeconds(ProcessHandle.current()).orElse(-1.0), sims.cpuSeconds());
    }

    Cpu since(Cpu start) {
      return new Cpu(bench - start.bench, simulators < 0 ? -1 : simulators - start.simulators);
    }

    String format() {
      return simulators < 0
          ? Report.fmt("%.2f / -", bench)
          : Report.fmt("%.2f / %.2f", bench, simulators);
    }
  }

  private record Run(String what, long bytes, double seconds, Cpu cpu, PhaseTimes.Totals phases) {
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
    Path dir = World.mkdir(tmp.resolve("throughput"));
    try (Simulators sims = Simulators.inProcess(new World(tmp, "throughput-simulators", cleanup))) {
      measure(sims, dir, scenario + ", in one JVM", "in one JVM", report);
    }
    Optional<String> unavailable = Affinity.unavailable();
    if (unavailable.isPresent()) {
      report.progress("2: pinned layout SKIPPED: %s", unavailable.get());
      report.result(scenario + ", pinned", "skipped", unavailable.get(), "taskset and 2 CPUs", "-");
      return;
    }
    List<Integer> cpus = Affinity.allowedCpus();
    int simulatorsCpu = cpus.get(0);
    int engineCpu = cpus.get(1);
    report.progress(
        "2: pinned layout: simulators in a child JVM on CPU %d, this JVM on CPU %d",
        simulatorsCpu, engineCpu);
    Affinity.pinThisProcess(List.of(engineCpu));
    try (Simulators sims =
        SimulatorsChild.start(tmp.resolve("throughput-child"), simulatorsCpu, cleanup)) {
      measure(
          sims,
          dir,
          scenario + ", pinned",
          Report.fmt(
              "simulators in a child JVM on CPU %d, engine and pipe on CPU %d",
              simulatorsCpu, engineCpu),
          report);
    } finally {
      Affinity.pinThisProcess(cpus);
    }
  }

  private void measure(Simulators sims, Path dir, String scenario, String layout, Report report) {
    try (RawPipe raw = new RawPipe(sims.giteaToken(), World.DEVPI_USER, sims.devpiPassword())) {
      report.progress(
          "2 (%s): building and publishing %d wheels of %s and a warm-up wheel",
          layout, files, Report.mib(fileSize));
      PublishedFile warm = sims.publishWheel("warmup", "1.0.0", warmupSize);
      List<PublishedFile> big = new ArrayList<>();
      for (int i = 0; i < files; i++) {
        big.add(sims.publishWheel(BIG + i, "1.0.0", fileSize));
      }
      long bytes = big.stream().mapToLong(PublishedFile::size).sum();

      report.progress("2 (%s): warm-up (JIT) through both paths", layout);
      rawRun(sims, raw, List.of(warm), "warm-up");
      engineRun(sims, dir, 1, "warmup", warm.size(), 1, 0);

      int defaultConcurrency = RuntimeSettings.defaults().concurrency();
      List<Run> runs = new ArrayList<>();
      List<Way> ways =
          List.of(
              new Way(
                  "raw OkHttp pipe", r -> rawRun(sims, raw, big, "raw OkHttp pipe, round " + r)),
              new Way(
                  "sequential download, then upload",
                  r ->
                      sequentialRun(
                          sims, raw, big, dir, "sequential download then upload, round " + r)),
              new Way(
                  "engine, concurrency 1",
                  r -> engineRun(sims, dir, 1, BIG + "*", bytes, files, r)),
              new Way(
                  "engine, concurrency " + defaultConcurrency,
                  r -> engineRun(sims, dir, defaultConcurrency, BIG + "*", bytes, files, r)));
      for (int round = 1; round <= ROUNDS; round++) {
        for (int way : ORDER[round - 1]) {
          report.progress("2 (%s): round %d: %s", layout, round, ways.get(way).name());
          runs.add(ways.get(way).run().apply(round));
        }
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
              "CPU s: bench JVM / simulators' JVM",
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
            r.cpu().format(),
            split);
      }
      report.section(
          Report.fmt(
              "2. Throughput: %d files of %s, loopback, %s", files, Report.mib(fileSize), layout),
          table,
          "Ratios divide by the faster raw run of this layout; the summary compares the faster run of each way. The raw pipe copies the download straight into the upload; "
              + "the sequential run downloads each whole file to disk, then uploads it (what a script of two curl calls does); the engine streams each file "
              + "into the upload while hashing it into its staged copy, and sends the form fields once sha256 and metadata are checked.");
      for (Run r : List.of(c1, cDefault)) {
        double ratio = r.mibPerSecond() / baseline.mibPerSecond();
        report.result(
            scenario,
            r.what().replaceAll(", round \\d+$", "") + " vs raw pipe (best of " + ROUNDS + " each)",
            Report.fmt(
                "%.2f (%.0f vs %.0f MiB/s)", ratio, r.mibPerSecond(), baseline.mibPerSecond()),
            "≥ 0.95",
            Report.yesNo(ratio >= 0.95));
      }
      report.result(
          scenario,
          Report.fmt("sequential download then upload vs raw pipe (best of %d)", ROUNDS),
          Report.fmt(
              "%.2f (%.0f vs %.0f MiB/s)",
              sequential.mibPerSecond() / baseline.mibPerSecond(),
              sequential.mibPerSecond(),
              baseline.mibPerSecond()),
          "-",
          "-");
    }
  }

  private Run rawRun(Simulators sims, RawPipe raw, List<PublishedFile> published, String what) {
    try (Simulators.Devpi devpi = sims.newDevpi(2 * fileSize + Disk.GIB, INDEX)) {
      Cpu cpu = Cpu.now(sims);
      long start = System.nanoTime();
      long bytes = 0;
      for (PublishedFile f : published) {
        bytes += raw.pipe(f, devpi.url(), INDEX);
      }
      double seconds = RequestsScenario.seconds(start);
      cpu = Cpu.now(sims).since(cpu);
      check(devpi, published);
      return new Run(what, bytes, seconds, cpu, new PhaseTimes.Totals(0, 0, 0, 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Run sequentialRun(
      Simulators sims, RawPipe raw, List<PublishedFile> published, Path tmp, String what) {
    try (Simulators.Devpi devpi = sims.newDevpi(2 * fileSize + Disk.GIB, INDEX)) {
      Cpu cpu = Cpu.now(sims);
      long start = System.nanoTime();
      long bytes = 0;
      for (PublishedFile f : published) {
        bytes += raw.sequential(f, devpi.url(), INDEX, tmp);
      }
      double seconds = RequestsScenario.seconds(start);
      cpu = Cpu.now(sims).since(cpu);
      check(devpi, published);
      return new Run(what, bytes, seconds, cpu, new PhaseTimes.Totals(0, 0, 0, 0));
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
      Simulators sims,
      Path dir,
      int concurrency,
      String packages,
      long bytes,
      int expected,
      int round) {
    try (Simulators.Devpi devpi = sims.newDevpi(2 * fileSize + Disk.GIB, INDEX)) {
      Map<String, String> env =
          Map.of(
              World.GITEA_TOKEN_ENV, sims.giteaToken(),
              World.DEVPI_PASSWORD_ENV, sims.devpiPassword());
      SyncConfig config =
          SyncConfig.parse(
              World.ini(
                  sims.giteaUrl(), devpi.url(), dir, concurrency, INDEX, "packages = " + packages),
              dir.resolve("bench.conf"),
              env::get);
      Cpu cpu = Cpu.now(sims);
      long start = System.nanoTime();
      SyncReport r;
      PhaseTimes phases = new PhaseTimes();
      try (SyncEngine engine = SyncEngine.builder().config(config).build()) {
        r = engine.sync(config.select(List.of(), List.of()), SyncOptions.defaults(), phases);
      }
      double seconds = RequestsScenario.seconds(start);
      cpu = Cpu.now(sims).since(cpu);
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
          cpu,
          phases.totals());
    }
  }

  private static void check(Simulators.Devpi devpi, List<PublishedFile> published) {
    Map<String, String> stored = devpi.sha256ByFile(INDEX);
    for (PublishedFile f : published) {
      if (!f.sha256().equals(stored.get(f.filename()))) {
        throw new IllegalStateException(
            "devpi does not hold " + f.filename() + " with Gitea's sha256");
      }
    }
  }
}
