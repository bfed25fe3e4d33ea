package io.github.devpigiteasync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.PublishedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario 4: the command as users run it, {@code java <options> -jar devpi-gitea-sync.jar}, in a
 * process of its own, against the simulators in this process. Measures a one-off first sync and an
 * unchanged pass over the same organization as scenario 1, a dry run against an empty organization,
 * one large transfer under {@code -Xmx64m}, and server mode: the warm unchanged pass and the
 * resident memory after many passes.
 */
final class CliScenario {
  private static final String INDEX = "bench/prod";
  private static final String EMPTY_ORG = "bench-empty";
  private static final String API_TOKEN_ENV = "BENCH_API_TOKEN";
  private static final int REPEATS = 3;
  private static final Duration PASS_TIMEOUT = Duration.ofMinutes(5);

  private final int packages;
  private final int versionsPerPackage;
  private final long transferSize;
  private final int serverPasses;
  private final Path jar;
  private final List<String> oneOffOptions;
  private final List<String> serverOptions;
  private final ObjectMapper json = new ObjectMapper();

  CliScenario(
      int packages,
      int versionsPerPackage,
      long transferSize,
      int serverPasses,
      Path jar,
      List<String> oneOffOptions,
      List<String> serverOptions) {
    this.packages = packages;
    this.versionsPerPackage = versionsPerPackage;
    this.transferSize = transferSize;
    this.serverPasses = serverPasses;
    this.jar = jar;
    this.oneOffOptions = List.copyOf(oneOffOptions);
    this.serverOptions = List.copyOf(serverOptions);
  }

  /** Splits a string of JVM options on white space. */
  static List<String> options(String s) {
    String t = s.trim();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }

  void run(Path tmp, Cleanup cleanup, Report report) {
    String scenario = "4. the command in its own process";
    if (!jar.toFile().isFile()) {
      report.progress("4: SKIPPED: no jar at %s (build it with mvn package, or pass --jar)", jar);
      report.result(scenario, "skipped", "no jar at " + jar, "-", "-");
      return;
    }
    int versions = packages * versionsPerPackage;
    String orgLabel = Report.fmt("%d versions / %d packages", versions, packages);
    try (World world = new World(tmp, "cli", cleanup);
        FakeDevpi devpi =
            world.newDevpi(
                transferSize + (64L << 20), List.of(INDEX, "bench/empty", "bench/big"))) {
      world.gitea().owner(EMPTY_ORG, false);
      report.progress(
          "4: publishing %d versions in %d packages and one wheel of %s",
          versions, packages, Report.mib(transferSize));
      for (int p = 0; p < packages; p++) {
        for (int v = 0; v < versionsPerPackage; v++) {
          world.publishWheel(String.format(Locale.ROOT, "pkg-%03d", p), "1.0." + v, 0);
        }
      }
      PublishedFile big = world.publishWheel("big", "1.0.0", transferSize);
      Path orgConf = world.writeConfig("org.conf", world.ini(devpi, 4, INDEX));
      Path emptyConf =
          world.writeConfig(
              "empty.conf",
              world
                  .ini(devpi, 4, "bench/empty")
                  .replace("organization = bench\n", "organization = " + EMPTY_ORG + "\n"));
      Path bigConf =
          world.writeConfig("big.conf", world.ini(devpi, 4, "bench/big", "packages = big"));

      Table table =
          new Table(
              "run", "JVM options", "exit", "wall", "CPU (user + sys)", "peak RSS", "requests");
      report.progress("4: one-off first sync of %d files", versions);
      Measured first = oneOff(world, devpi, orgConf, oneOffOptions, "first", cleanup);
      table.row(first.row("first sync, " + orgLabel, oneOffOptions));
      report.progress("4: one-off unchanged passes (best of %d)", REPEATS);
      Measured unchanged = best(world, devpi, orgConf, oneOffOptions, "unchanged", cleanup);
      table.row(
          unchanged.row("unchanged pass, " + orgLabel + ", best of " + REPEATS, oneOffOptions));
      List<String> bare = List.of();
      Measured unchangedBare = best(world, devpi, orgConf, bare, "unchanged-bare", cleanup);
      table.row(unchangedBare.row("the same, plain java -jar", bare));
      report.progress("4: one-off dry runs against an empty organization");
      Measured dry = best(world, devpi, emptyConf, oneOffOptions, "dry", cleanup, "--dry-run");
      table.row(dry.row("--dry-run, empty organization, best of " + REPEATS, oneOffOptions));
      Measured dryBare = best(world, devpi, emptyConf, bare, "dry-bare", cleanup, "--dry-run");
      table.row(dryBare.row("the same, plain java -jar", bare));
      report.progress("4: one-off transfer of %s with -Xmx64m", Report.mib(transferSize));
      List<String> small = new ArrayList<>(oneOffOptions);
      small.add(HeapScenario.XMX);
      Measured transfer = oneOff(world, devpi, bigConf, small, "big", cleanup);
      boolean bigStored =
          devpi
              .file("bench/big", big.filename())
              .map(f -> f.sha256().equals(big.sha256()))
              .orElse(false);
      table.row(transfer.row("transfer of one " + Report.mib(transferSize) + " wheel", small));

      report.progress("4: server mode, %d unchanged passes", serverPasses);
      Server server = server(world, devpi, orgConf, cleanup);
      if (server.passSeconds().isEmpty()) {
        report.progress("4: server mode failed: %s", server.output());
      }

      report.result(
          scenario,
          "one-off unchanged pass, " + orgLabel + ": wall / CPU",
          Report.fmt(
              "%s / %s (plain java -jar: %s / %s)",
              ChildProcess.seconds(unchanged.wall()),
              ChildProcess.seconds(unchanged.cpu()),
              ChildProcess.seconds(unchangedBare.wall()),
              ChildProcess.seconds(unchangedBare.cpu())),
          "≤ 1.2 s / ≤ 1.5 s",
          Report.yesNo(unchanged.ok() && unchanged.wall() <= 1.2 && unchanged.cpu() <= 1.5));
      report.result(
          scenario,
          "one-off first sync of " + versions + " files: CPU",
          Report.fmt(
              "%s (wall %s, %d requests)",
              ChildProcess.seconds(first.cpu()),
              ChildProcess.seconds(first.wall()),
              first.requests()),
          "≤ 3 s",
          Report.yesNo(first.ok() && first.cpu() >= 0 && first.cpu() <= 3));
      report.result(
          scenario,
          "--dry-run, empty organization: wall",
          Report.fmt(
              "%s (plain java -jar: %s)",
              ChildProcess.seconds(dry.wall()), ChildProcess.seconds(dryBare.wall())),
          "≤ 0.4 s",
          Report.yesNo(dry.ok() && dry.wall() <= 0.4));
      report.result(
          scenario,
          "transfer of " + Report.mib(transferSize) + " with -Xmx64m: peak RSS",
          Report.fmt("%s (sha256 verified: %s)", ChildProcess.mib(transfer.rss()), bigStored),
          "≤ 80 MiB",
          Report.yesNo(
              transfer.ok() && bigStored && transfer.rss() >= 0 && transfer.rss() <= 80L << 20));
      double warm = server.warmSeconds();
      report.result(
          scenario,
          "server mode, warm unchanged pass (median of the last 10)",
          warm < 0 ? "-" : Report.fmt("%.3f s", warm),
          "≤ 0.15 s",
          Report.yesNo(warm >= 0 && warm <= 0.15));
      report.result(
          scenario,
          Report.fmt("server mode RSS after start / pass 10 / pass %d", serverPasses),
          Report.fmt(
              "%s / %s / %s",
              ChildProcess.mib(server.rssAfterStart()),
              ChildProcess.mib(server.rssAt10()),
              ChildProcess.mib(server.rssAtEnd())),
          "≤ 150 MiB, no growth after pass 10",
          Report.yesNo(
              server.rssAtEnd() > 0
                  && server.rssAtEnd() <= 150L << 20
                  && server.rssAtEnd() <= server.rssAt10() + (4L << 20)));
      report.section(
          Report.fmt(
              "4. The command in its own process (%s; %s CPUs)",
              ChildProcess.timeAvailable()
                  ? "CPU and peak RSS from " + ChildProcess.TIME
                  : "wall only",
              Runtime.getRuntime().availableProcessors()),
          table,
          Report.fmt(
              "Server mode (%s): warm unchanged pass %s (median of the last 10 of %d passes, best %s); "
                  + "RSS %s after start, %s after pass 10, %s after pass %d.",
              String.join(" ", serverOptions),
              warm < 0 ? "-" : Report.fmt("%.3f s", warm),
              server.passSeconds().size(),
              server.passSeconds().isEmpty()
                  ? "-"
                  : Report.fmt("%.3f s", Collections.min(server.passSeconds())),
              ChildProcess.mib(server.rssAfterStart()),
              ChildProcess.mib(server.rssAt10()),
              ChildProcess.mib(server.rssAtEnd()),
              serverPasses),
          "Each one-off run is a fresh `java` process started with the jar and the options shown; "
              + "the simulators run in the bench's JVM, so they are not counted.");
    }
  }

  /** One one-off run's figures. */
  private record Measured(ChildProcess.Result result, int requests, int expectedExit) {
    boolean ok() {
      return result.exitCode() == expectedExit;
    }

    double wall() {
      return result.wallSeconds();
    }

    double cpu() {
      return result.cpuSeconds();
    }

    long rss() {
      return result.peakRssBytes();
    }

    String[] row(String label, List<String> options) {
      return new String[] {
        label,
        options.isEmpty() ? "(none)" : String.join(" ", options),
        ok() ? Integer.toString(result.exitCode()) : "FAILED " + result.exitCode(),
        ChildProcess.seconds(wall()),
        ChildProcess.seconds(cpu()),
        ChildProcess.mib(rss()),
        Integer.toString(requests)
      };
    }
  }

  private Measured best(
      World world,
      FakeDevpi devpi,
      Path conf,
      List<String> options,
      String name,
      Cleanup cleanup,
      String... args) {
    Measured best = null;
    for (int i = 0; i < REPEATS; i++) {
      Measured m = oneOff(world, devpi, conf, options, name + "-" + i, cleanup, args);
      if (best == null || !m.ok() || m.wall() < best.wall()) {
        best = m;
      }
      if (!m.ok()) {
        break;
      }
    }
    return best;
  }

  private Measured oneOff(
      World world,
      FakeDevpi devpi,
      Path conf,
      List<String> options,
      String name,
      Cleanup cleanup,
      String... args) {
    world.gitea().resetCounters();
    devpi.resetCounters();
    List<String> cmd = new ArrayList<>();
    cmd.add(ChildProcess.java());
    cmd.addAll(options);
    cmd.addAll(List.of("-jar", jar.toString(), "--config", conf.toString()));
    cmd.addAll(List.of(args));
    ChildProcess.Result r =
        ChildProcess.run(cmd, world.env(), world.dir().resolve(name + ".log"), cleanup);
    int requests = world.gitea().requests().size() + devpi.requests().size();
    Measured m = new Measured(r, requests, 0);
    if (!m.ok()) {
      System.err.println(
          "[bench] 4: " + name + " failed (exit " + r.exitCode() + "): " + r.output());
    }
    return m;
  }

  /** What a server-mode child did: each triggered pass's duration and its RSS along the way. */
  private record Server(
      List<Double> passSeconds, long rssAfterStart, long rssAt10, long rssAtEnd, String output) {
    double warmSeconds() {
      if (passSeconds.size() < 10) {
        return -1;
      }
      List<Double> last =
          new ArrayList<>(passSeconds.subList(passSeconds.size() - 10, passSeconds.size()));
      Collections.sort(last);
      return (last.get(4) + last.get(5)) / 2;
    }
  }

  private Server server(World world, FakeDevpi devpi, Path orgConf, Cleanup cleanup) {
    int port = freePort();
    String apiToken = "bench-api-" + Long.toHexString(System.nanoTime());
    String ini =
        world
            .ini(devpi, 4, INDEX)
            .replace(
                "[runtime]\n",
                "[runtime]\nserver_host = 127.0.0.1\nserver_port = "
                    + port
                    + "\npoll_interval_seconds = 86400\napi_token_env = "
                    + API_TOKEN_ENV
                    + "\n");
    Path conf = world.writeConfig("server.conf", ini);
    List<String> cmd = new ArrayList<>();
    cmd.add(ChildProcess.java());
    cmd.addAll(serverOptions);
    cmd.addAll(List.of("-jar", jar.toString(), "--config", conf.toString(), "--server"));
    Path log = world.dir().resolve("server.log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = new HashMap<>(world.env());
    env.put(API_TOKEN_ENV, apiToken);
    pb.environment().putAll(env);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    List<Double> seconds = new ArrayList<>();
    long rssStart = -1;
    long rss10 = -1;
    long rssEnd = -1;
    Process p = null;
    try {
      p = pb.start();
      cleanup.register(p::destroyForcibly);
      Process child = p;
      // the startup pass
      awaitIdle(http, base, -1, child);
      long after = lastRunId(http, base);
      rssStart = ChildProcess.rss(p.pid()).orElse(-1L);
      for (int i = 1; i <= serverPasses; i++) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(base.resolve("api/sync"))
                    .header("Authorization", "Bearer " + apiToken)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
          throw new IllegalStateException("POST /api/sync answered " + r.statusCode());
        }
        JsonNode run = awaitIdle(http, base, after, child);
        after = run.path("id").asLong();
        seconds.add(run.path("durationMillis").asLong() / 1000.0);
        if (i == 10) {
          rss10 = ChildProcess.rss(p.pid()).orElse(-1L);
        }
      }
      rssEnd = ChildProcess.rss(p.pid()).orElse(-1L);
      return new Server(seconds, rssStart, rss10, rssEnd, "");
    } catch (IOException | RuntimeException e) {
      return new Server(seconds, rssStart, rss10, rssEnd, e + "\n" + read(log));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      if (p != null) {
        p.destroy();
        try {
          p.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static String read(Path log) {
    try {
      return java.nio.file.Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private long lastRunId(HttpClient http, URI base) throws IOException, InterruptedException {
    return status(http, base).map(s -> s.path("runs").path(0).path("id").asLong(-1)).orElse(-1L);
  }

  /**
   * Waits, bounded, until the server answers, no pass runs and the newest finished run is newer
   * than {@code after}; returns that run.
   */
  private JsonNode awaitIdle(HttpClient http, URI base, long after, Process child)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + PASS_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new IllegalStateException("the server exited with " + child.exitValue());
      }
      Optional<JsonNode> s = status(http, base);
      if (s.isPresent() && !s.get().path("passRunning").asBoolean(true)) {
        JsonNode run = s.get().path("runs").path(0);
        if (!run.isMissingNode()
            && run.path("id").asLong(-1) > after
            && !run.path("finished").isNull()) {
          if (!run.path("succeeded").asBoolean(false)) {
            throw new IllegalStateException("a server pass failed: " + run);
          }
          return run;
        }
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no pass finished within " + PASS_TIMEOUT);
  }

  private Optional<JsonNode> status(HttpClient http, URI base) throws InterruptedException {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("api/status?files=false")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // not listening yet
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
