package io.github.devpigiteasync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command as a separate process, the way a user starts it, and measures it from the
 * outside: wall time, CPU time (user + system) and peak resident set size. Where GNU {@code time}
 * exists ({@value #TIME}) it supplies CPU and peak RSS from the kernel's accounting of the finished
 * child; otherwise only the wall time is known.
 */
final class ChildProcess {
  static final String TIME = "/usr/bin/time";
  private static final long TIMEOUT_MINUTES = 15;

  /** One finished run; CPU and RSS are -1 when unknown. */
  record Result(int exitCode, double wallSeconds, double cpuSeconds, long peakRssBytes, Path log) {
    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no output: " + e.getMessage() + ")";
      }
    }
  }

  private ChildProcess() {}

  /** The JVM running the bench, for children started with the same JDK. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Whether CPU time and peak RSS can be measured here. */
  static boolean timeAvailable() {
    return Files.isExecutable(Path.of(TIME));
  }

  /**
   * Runs {@code command} to its end with {@code env} added to the environment, stdout and stderr
   * going to {@code log}.
   */
  static Result run(List<String> command, Map<String, String> env, Path log, Cleanup cleanup) {
    Path times = log.resolveSibling(log.getFileName() + ".time");
    List<String> full = new ArrayList<>();
    boolean timed = timeAvailable();
    if (timed) {
      // elapsed, user, system seconds and maximum RSS in KiB, into a file of their own
      full.addAll(List.of(TIME, "-o", times.toString(), "-f", "%e %U %S %M"));
    }
    full.addAll(command);
    ProcessBuilder pb =
        new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    long start = System.nanoTime();
    try {
      Process p = pb.start();
      cleanup.register(p::destroyForcibly); // a Ctrl-C of the bench also stops the child
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return new Result(-1, RequestsScenario.seconds(start), -1, -1, log);
      }
      double wall = RequestsScenario.seconds(start);
      if (!timed) {
        return new Result(p.exitValue(), wall, -1, -1, log);
      }
      String[] f = Files.readString(times, StandardCharsets.UTF_8).trim().split("\\s+");
      // time(1) writes "Command exited with non-zero status N" first when the child failed
      int n = f.length;
      return new Result(
          p.exitValue(),
          Double.parseDouble(f[n - 4]),
          Double.parseDouble(f[n - 3]) + Double.parseDouble(f[n - 2]),
          Long.parseLong(f[n - 1]) * 1024,
          log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + command, e);
    }
  }

  /** The resident set size of a running process, from {@code /proc}; empty where unknown. */
  static Optional<Long> rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String kib = line.substring(6).trim().split("\\s+")[0];
          return Optional.of(Long.parseLong(kib) * 1024);
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The CPU time (user + system) a running process used so far, from {@code /proc}. */
  static Optional<Double> cpuSeconds(ProcessHandle p) {
    return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9);
  }

  static String seconds(double s) {
    return s < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", s);
  }

  static String mib(long bytes) {
    return bytes < 0 ? "-" : Report.mib(bytes);
  }
}
