package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The child side of scenarios 3 and 7: one sync pass in a JVM started with the options under test
 * (a small {@code -Xmx}, or the JVM options users run), watched by {@link HeapWatch}. Loads the
 * config file the parent wrote (secrets from the environment), and prints one line of {@code
 * key=value} pairs starting with {@value #PREFIX} for the parent to read.
 */
final class HeapChild {
  static final String PREFIX = "heap-child";

  private HeapChild() {}

  /** One pass of {@code config}; it succeeds when it uploads {@code expected} files. */
  static int run(Path config, int expected, PrintStream out) {
    try (HeapWatch watch = new HeapWatch()) {
      SyncConfig c = SyncConfig.load(config);
      long start = System.nanoTime();
      double cpuStart = ChildProcess.cpuSeconds(ProcessHandle.current()).orElse(-1.0);
      SyncReport report;
      try (SyncEngine engine = SyncEngine.builder().config(c).build()) {
        report =
            engine.sync(c.select(List.of(), List.of()), SyncOptions.defaults(), SyncListener.NONE);
      }
      double seconds = RequestsScenario.seconds(start);
      double cpu = ChildProcess.cpuSeconds(ProcessHandle.current()).orElse(-1.0) - cpuStart;
      HeapWatch.Stats s = watch.stop();
      boolean ok = report.succeeded() && report.count(Outcome.UPLOADED) == expected;
      out.println(
          Report.fmt(
              "%s ok=%s uploaded=%d bytes=%d seconds=%.2f cpu=%.2f maxHeap=%d peakSampled=%d poolPeakSum=%d "
                  + "peakAfterGc=%d collections=%d gcs=%s",
              PREFIX,
              ok,
              report.count(Outcome.UPLOADED),
              report.bytesUploaded(),
              seconds,
              cpu,
              s.maxHeap(),
              s.peakSampled(),
              s.poolPeakSum(),
              s.peakAfterGc(),
              s.collections(),
              s.gcs().replace(' ', '_')));
      if (!ok) {
        printProblems(report, out);
      }
      out.flush();
      return ok ? 0 : 1;
    }
  }

  private static void printProblems(SyncReport report, PrintStream out) {
    report
        .mappings()
        .forEach(
            m -> {
              m.error().ifPresent(e -> out.println("mapping " + m.mapping() + ": " + e));
              m.files()
                  .forEach(
                      f ->
                          out.println(
                              "file " + f.filename() + ": " + f.outcome() + " " + f.reason()));
            });
  }
}
