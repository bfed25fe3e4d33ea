package io.github.devpigiteasync.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the benchmarks and prints their tables (Markdown) on stdout, progress on stderr.
 *
 * <pre>
 * java -cp "sync-bench/target/sync-bench.jar:$(cat sync-bench/target/classpath.txt)" \
 *     io.github.devpigiteasync.bench.SyncBench [--scenario 1|2|3|4|5|6|7]... [--quick] \
 *     [--server-only] [--jar PATH] [--java-options "OPTIONS"] [--server-java-options "OPTIONS"]
 * </pre>
 *
 * <p>Without {@code --scenario}, scenarios 1 to 5 run; scenario 7 (big-file throughput in child
 * JVMs by JVM options) and scenario 6 (the dashboard under load, several minutes) runs only when
 * named. {@code --quick} shrinks every scenario (a smoke run of a few seconds; its figures mean
 * little). {@code --server-only} runs only scenario 5's server mode (its start-up pass is the first
 * sync), then one one-off unchanged pass whose requests it lists by endpoint: about 25 s instead of
 * several minutes. Everything is written under one temporary directory, and the simulators' own
 * temporary directories, all deleted at the end.
 */
public final class SyncBench {
  static final String HEAP_CHILD = "--heap-child";
  private static final long MIB = 1L << 20;
  private static final Set<String> VALUED =
      Set.of("--scenario", "--jar", "--java-options", "--server-java-options");

  /** The JVM options README documents for {@code java -jar} one-off runs; keep them in step. */
  static final String ONE_OFF_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms8m";

  /** The compiler-directives file the systemd unit and the container ship, from the root. */
  static final Path COMPILER_DIRECTIVES = Path.of("deploy", "compiler-directives.json");

  /** The systemd unit's server-mode options without the choice of compilers. */
  private static final String SERVER_BASE_OPTIONS =
      "-XX:+UseSerialGC -Xms8m -Xmx256m -XX:+ExitOnOutOfMemoryError";

  /** The systemd unit's choice of compilers: C1, and C2 only for SHA-256 (the file above). */
  private static final String C2_FOR_SHA256_OPTIONS =
      "-XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile="
          + COMPILER_DIRECTIVES.toAbsolutePath()
          + " -XX:+DisplayVMOutputToStderr";

  /**
   * The JVM options of the systemd unit (deploy/devpi-gitea-sync.service) for server mode, with
   * this checkout's directives file.
   */
  static final String SERVER_JAVA_OPTIONS = SERVER_BASE_OPTIONS + " " + C2_FOR_SHA256_OPTIONS;

  private SyncBench() {}

  /**
   * Scenario 7's ways: the unit's options with the C1 compiler only (the unit before the
   * directives), with C1 and C2 for everything, and with C2 for SHA-256 only (the unit now).
   */
  private static List<JvmOptionsScenario.Way> jvmOptionWays() {
    return List.of(
        new JvmOptionsScenario.Way(
            "C1 only (-XX:TieredStopAtLevel=1)", "-XX:TieredStopAtLevel=1 " + SERVER_BASE_OPTIONS),
        new JvmOptionsScenario.Way("C1 and C2 (JVM default)", SERVER_BASE_OPTIONS),
        new JvmOptionsScenario.Way("C2 for SHA-256 only (the unit)", SERVER_JAVA_OPTIONS));
  }

  /**
   * Entry point; exit code 0 when every scenario ran (targets met or not), 2 on bad arguments, 1 on
   * failure.
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * The 1-minute system load average (other processes share the CPUs), or -1 where the OS does not
   * tell.
   */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * The runnable jar of this checkout: the system property {@code bench.jar}, else the first of the
   * known build outputs that exists (relative to the working directory), else the app module's.
   */
  private static Path defaultJar() {
    String property = System.getProperty("bench.jar");
    if (property != null) {
      return Path.of(property);
    }
    for (String candidate :
        List.of("sync-app/target/devpi-gitea-sync.jar", "sync-cli/target/devpi-gitea-sync.jar")) {
      if (Files.isRegularFile(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    return Path.of("sync-app/target/devpi-gitea-sync.jar");
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if ((args.length == 2 || args.length == 3) && args[0].equals(HEAP_CHILD)) {
      return HeapChild.run(Path.of(args[1]), args.length == 3 ? Integer.parseInt(args[2]) : 1, out);
    }
    Set<Integer> scenarios = new TreeSet<>();
    boolean quick = false;
    boolean serverOnly = false;
    Path jar = defaultJar();
    String javaOptions = ONE_OFF_JAVA_OPTIONS;
    String serverJavaOptions = SERVER_JAVA_OPTIONS;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      boolean valued = VALUED.contains(arg);
      if (valued && i + 1 >= args.length) {
        err.println(arg + " takes a value");
        return 2;
      }
      switch (arg) {
        case "--quick" -> quick = true;
        case "--server-only" -> serverOnly = true;
        case "--scenario" -> {
          if (!args[i + 1].matches("[1-7]")) {
            err.println("--scenario takes 1, 2, 3, 4, 5, 6 or 7");
            return 2;
          }
          scenarios.add(Integer.parseInt(args[++i]));
        }
        case "--jar" -> jar = Path.of(args[++i]);
        case "--java-options" -> javaOptions = args[++i];
        case "--server-java-options" -> serverJavaOptions = args[++i];
        default -> {
          err.println(
              "usage: SyncBench [--scenario 1|2|3|4|5|6|7]... [--quick] [--server-only] [--jar PATH]"
                  + " [--java-options \"OPTIONS\"] [--server-java-options \"OPTIONS\"]");
          return 2;
        }
      }
    }
    if (scenarios.isEmpty()) {
      scenarios.addAll(Set.of(1, 2, 3, 4, 5));
    }
    // Undertow, XNIO and JBoss Threads log through JBoss Logging, which picks java.util.logging
    // here (slf4j-simple is
    // not one of its providers): keep their INFO lines (versions, server start/stop) out of the
    // output.
    Logger.getLogger("").setLevel(Level.WARNING);
    Report report = new Report(out, err);
    Path tmp;
    try {
      tmp = Files.createTempDirectory("sync-bench-");
    } catch (IOException e) {
      err.println("cannot create a temporary directory: " + e.getMessage());
      return 1;
    }
    // Ctrl-C must not leave gigabytes behind: the hook stops the simulators and removes the
    // temporary directory.
    Cleanup cleanup = new Cleanup(tmp);
    Thread hook = new Thread(cleanup::run, "sync-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    long start = System.nanoTime();
    Runtime rt = Runtime.getRuntime();
    out.println(
        String.format(
            Locale.ROOT,
            "## sync-bench%s: %d CPUs, load average %.2f at start, max heap %d MiB, Java %s, %s %s, temp %s",
            quick ? " (--quick)" : "",
            rt.availableProcessors(),
            loadAverage(),
            rt.maxMemory() / MIB,
            System.getProperty("java.version"),
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            tmp));
    try {
      if (scenarios.contains(1)) {
        new RequestsScenario(quick ? 20 : 200, quick ? 5 : 10).run(tmp, cleanup, report);
      }
      if (scenarios.contains(2)) {
        new ThroughputScenario(4, quick ? 16 * MIB : 256 * MIB, quick ? 4 * MIB : 64 * MIB)
            .run(tmp, cleanup, report);
      }
      if (scenarios.contains(3)) {
        new HeapScenario(quick ? 8 * MIB : 64 * MIB, quick ? 128 * MIB : 2048 * MIB)
            .run(tmp, cleanup, report);
      }
      if (scenarios.contains(4)) {
        new HistoryCostScenario(quick ? 100 : 2000, quick ? 1 : 3).run(tmp, cleanup, report);
      }
      if (scenarios.contains(5)) {
        new CliScenario(
                quick ? 20 : 200,
                quick ? 5 : 10,
                quick ? 16 * MIB : 200 * MIB,
                quick ? 12 : 50,
                jar,
                CliScenario.options(javaOptions),
                CliScenario.options(serverJavaOptions),
                serverOnly)
            .run(tmp, cleanup, report);
      }
      if (scenarios.contains(6)) {
        new DashboardLoadScenario(quick ? 300 : 10_000, quick ? 20 : 200, quick ? 5 : 30)
            .run(tmp, cleanup, report);
      }
      if (scenarios.contains(7)) {
        new JvmOptionsScenario(4, quick ? 16 * MIB : 256 * MIB, jvmOptionWays())
            .run(tmp, cleanup, report);
      }
      report.printSummary();
      out.println();
      out.println(
          String.format(
              Locale.ROOT,
              "Total bench time: %.0f s; load average %.2f at the end.",
              RequestsScenario.seconds(start),
              loadAverage()));
      return 0;
    } catch (RuntimeException e) {
      report.printSummary();
      err.println("bench failed: " + e);
      e.printStackTrace(err);
      return 1;
    } finally {
      World.deleteTree(
          tmp); // the scenarios closed their simulators already, on success and on failure
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook runs anyway and finds nothing left
      }
    }
  }
}
