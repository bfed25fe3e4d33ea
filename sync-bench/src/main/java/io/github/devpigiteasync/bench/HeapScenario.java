package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.PublishedFile;
import io.github.devpigiteasync.testkit.StoredFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 3: one pass syncing a single large file in a child JVM started with {@code -Xmx64m} (the
 * same class path), with the simulators in this process so that only the engine's heap is measured.
 * A small file is synced the same way first, to show that the heap does not grow with the file
 * size.
 */
final class HeapScenario {
  static final String XMX = "-Xmx64m";
  static final long MIN_FREE = 8 * Disk.GIB;
  private static final long CHILD_TIMEOUT_MINUTES = 15;

  private final long smallSize;
  private final long largeSize;

  HeapScenario(long smallSize, long largeSize) {
    this.smallSize = smallSize;
    this.largeSize = largeSize;
  }

  private record Child(Map<String, String> values, List<String> otherLines, int exitCode) {
    long bytes(String key) {
      return Long.parseLong(values.getOrDefault(key, "-1"));
    }
  }

  void run(Path tmp, Cleanup cleanup, Report report) {
    String scenario = Report.fmt("3. heap, one %s file, child JVM %s", Report.mib(largeSize), XMX);
    long free = Disk.usable(tmp);
    long need = Math.max(MIN_FREE, 3 * largeSize + Disk.GIB);
    if (free < need) {
      report.progress(
          "3: SKIPPED: only %s free under %s; the simulators keep their files on disk and this scenario "
              + "needs %s",
          Disk.gib(free), tmp, Disk.gib(need));
      report.result(
          scenario,
          "skipped",
          Report.fmt("only %s free, %s needed", Disk.gib(free), Disk.gib(need)),
          "-",
          "-");
      return;
    }
    try (World world = new World(tmp, "heap", cleanup);
        FakeDevpi devpi =
            world.newDevpi(largeSize + Disk.GIB, List.of("bench/small", "bench/large"))) {
      Table table =
          new Table(
              "file",
              "outcome",
              "seconds",
              "peak heap used (sampled)",
              "sum of pool peaks",
              "peak after GC",
              "GCs",
              "max heap");
      List<Child> children = new ArrayList<>();
      List<Boolean> verified = new ArrayList<>();
      for (long size : List.of(smallSize, largeSize)) {
        String name = size == smallSize ? "heap-small" : "heap-large";
        String index = size == smallSize ? "bench/small" : "bench/large";
        report.progress("3: building and publishing a wheel of %s", Report.mib(size));
        PublishedFile published = world.publishWheel(name, "1.0.0", size);
        Path config =
            world.writeConfig(name + ".conf", world.ini(devpi, 1, index, "packages = " + name));
        report.progress("3: syncing it in a child JVM with %s", XMX);
        Child child = runChild(world, config, cleanup);
        Optional<StoredFile> stored = devpi.file(index, published.filename());
        boolean ok =
            child.exitCode() == 0
                && "true".equals(child.values().get("ok"))
                && stored.isPresent()
                && stored.get().sha256().equals(published.sha256());
        if (!ok) {
          report.progress(
              "3: child failed (exit %d): %s %s",
              child.exitCode(), child.values(), child.otherLines());
        }
        children.add(child);
        verified.add(ok);
        table.row(
            Report.mib(published.size()),
            ok ? "uploaded, sha256 verified" : "FAILED (exit " + child.exitCode() + ")",
            child.values().getOrDefault("seconds", "-"),
            Report.mib(child.bytes("peakSampled")),
            Report.mib(child.bytes("poolPeakSum")),
            Report.mib(child.bytes("peakAfterGc")),
            child.values().getOrDefault("collections", "-"),
            Report.mib(child.bytes("maxHeap")));
      }
      Child small = children.get(0);
      Child large = children.get(1);
      boolean ok = verified.get(1);
      report.result(
          scenario,
          "sync succeeds",
          ok ? "yes" : "no (exit " + large.exitCode() + ")",
          "succeeds",
          Report.yesNo(ok));
      report.result(
          scenario,
          "peak heap used: sampled / sum of pool peaks / after GC",
          Report.fmt(
              "%s / %s / %s",
              Report.mib(large.bytes("peakSampled")),
              Report.mib(large.bytes("poolPeakSum")),
              Report.mib(large.bytes("peakAfterGc"))),
          "-",
          "-");
      long growth = large.bytes("peakAfterGc") - small.bytes("peakAfterGc");
      report.result(
          scenario,
          Report.fmt(
              "peak after GC, %s file vs %s file", Report.mib(smallSize), Report.mib(largeSize)),
          Report.fmt(
              "%s vs %s",
              Report.mib(small.bytes("peakAfterGc")), Report.mib(large.bytes("peakAfterGc"))),
          "flat (grows < 8 MiB)",
          Report.yesNo(ok && growth < 8L << 20));
      report.result(
          scenario,
          "disk needed",
          Report.fmt("about %s (%s were free)", Disk.gib(3 * largeSize), Disk.gib(free)),
          Report.fmt("skipped below %s free", Disk.gib(MIN_FREE)),
          "-");
      String gcs =
          children.isEmpty()
              ? ""
              : children.get(0).values().getOrDefault("gcs", "").replace('_', ' ');
      report.section(
          Report.fmt(
              "3. Heap: one file synced in a child JVM started with %s (collectors: %s)", XMX, gcs),
          table,
          "Peak heap used (sampled) is the largest MemoryMXBean heap use seen every 5 ms; the sum of pool peaks adds "
              + "each heap pool's own peak (an upper bound: pools peak at different times); peak after GC is the "
              + "largest heap use right after a collection. Disk: Gitea's copy, the engine's staged copy and "
              + "devpi's copy each take the file's size.");
    }
  }

  private static Child runChild(World world, Path config, Cleanup cleanup) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java.toString(),
            XMX,
            "-cp",
            System.getProperty("java.class.path"),
            SyncBench.class.getName(),
            SyncBench.HEAP_CHILD,
            config.toString());
    pb.environment().putAll(world.env());
    pb.redirectErrorStream(false);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process p = pb.start();
      cleanup.register(p::destroyForcibly); // a Ctrl-C of the bench also stops the child
      Map<String, String> values = new HashMap<>();
      List<String> other = new ArrayList<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith(HeapChild.PREFIX + " ")) {
            for (String pair : line.substring(HeapChild.PREFIX.length() + 1).split(" ")) {
              int eq = pair.indexOf('=');
              if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
              }
            }
          } else {
            other.add(line);
          }
        }
      }
      if (!p.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return new Child(values, other, -1);
      }
      return new Child(values, other, p.exitValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the child JVM", e);
    }
  }
}
