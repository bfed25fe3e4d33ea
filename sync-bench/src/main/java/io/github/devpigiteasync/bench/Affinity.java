package io.github.devpigiteasync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * CPU affinity with {@code taskset} (util-linux): which CPUs this process may use, and pinning all
 * of its threads to some of them.
 */
final class Affinity {
  static final String TASKSET = "taskset";

  private Affinity() {}

  /** Why pinning cannot work here, or empty when it can: taskset and two CPUs are needed. */
  static Optional<String> unavailable() {
    List<Integer> cpus = allowedCpus();
    if (cpus.size() < 2) {
      return Optional.of("only " + cpus.size() + " CPU available to this process");
    }
    if (!onPath(TASKSET)) {
      return Optional.of("no " + TASKSET + " (util-linux) on the PATH");
    }
    return Optional.empty();
  }

  /** The CPUs this process may run on, from {@code Cpus_allowed_list} in {@code /proc}. */
  static List<Integer> allowedCpus() {
    List<Integer> cpus = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          for (String range : line.substring(line.indexOf(':') + 1).trim().split(",")) {
            String[] ends = range.split("-");
            int from = Integer.parseInt(ends[0].trim());
            int to = Integer.parseInt(ends[ends.length - 1].trim());
            for (int cpu = from; cpu <= to; cpu++) {
              cpus.add(cpu);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or an unexpected format: no pinning
    }
    return cpus;
  }

  /** Pins every thread of this JVM (and the threads it starts later) to {@code cpus}. */
  static void pinThisProcess(List<Integer> cpus) {
    String list = String.join(",", cpus.stream().map(String::valueOf).toList());
    String pid = Long.toString(ProcessHandle.current().pid());
    try {
      Process p =
          new ProcessBuilder(TASKSET, "-a", "-p", "-c", list, pid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(TASKSET + " -a -p -c " + list + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pinning", e);
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
