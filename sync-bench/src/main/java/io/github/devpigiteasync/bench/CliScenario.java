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
import java.nio.file.Files;
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
 * Scenario 5: the command as users run it, {@code java <options> -jar devpi-gitea-sync.jar}, in a
 * process of its own, against the simulators in this process. Measures a one-off first sync and an
 * unchanged pass over the same organization as scenario 1, a dry run against an empty organization,
 * one large transfer under {@code -Xmx64m}, and server mode: the warm unchanged pass and the
 * resident memory after many passes.
 */
final class CliScenario {
  private static final List<String> INDEXES = List.of("bench/prod", "bench/prod2", "bench/prod3");
  private static final String EMPTY_ORG = "bench-empty";
  private static final String BIG_ORG = "bench-big";
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
  private final boolean serverOnly;
  private final ObjectMapper json = new ObjectMapper();

  CliScenario(
      int packages,
      int versionsPerPackage,
      long transferSize,
      int serverPasses,
      Path jar,
      List<String> oneOffOptions,
      List<String> serverOptions,
      boolean serverOnly) {
    this.serverOnly = serverOnly;
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
    String scenario = "5. the command in its own process";
    if (!jar.toFile().isFile()) {
      report.progress("5: SKIPPED: no jar at %s (build it with mvn package, or pass --jar)", jar);
      report.result(scenario, "skipped", "no jar at " + jar, "-", "-");
      return;
    }
    int versions = packages * versionsPerPackage;
    String orgLabel = Report.fmt("%d versions / %d packages", versions, packages);
    try (World world = new World(tmp, "cli", cleanup);
        FakeDevpi devpi =
            world.newDevpi(
                transferSize + (64L << 20),
                List.of(
                    "bench/prod",
                    "bench/prod2",
                    "bench/prod3",
                    "bench/train",
                    "bench/empty",
                    "bench/big"))) {
      world.gitea().owner(EMPTY_ORG, false).owner(BIG_ORG, false);
      report.progress(
          "5: publishing %d versions in %d packages and one wheel of %s",
          versions, packages, Report.mib(transferSize));
      for (int p = 0; p < packages; p++) {
        for (int v = 0; v < versionsPerPackage; v++) {
          world.publishWheel(String.format(Locale.ROOT, "pkg-%03d", p), "1.0." + v, 0);
        }
      }
      if (serverOnly) {
        runServerOnly(world, devpi, report, cleanup);
        return;
      }
      // in an organization of its own: the one-off rows measure the 2,000 small files only
      PublishedFile big = world.publishWheel(BIG_ORG, "big", "1.0.0", transferSize);
      Path emptyConf =
          world.writeConfig(
              "empty.conf",
              world
                  .ini(devpi, 4, "bench/empty")
                  .replace("organization = bench\n", "organization = " + EMPTY_ORG + "\n"));
      Path bigConf =
          world.writeConfig(
              "big.conf",
              world
                  .ini(devpi, 4, "bench/big")
                  .replace("organization = bench\n", "organization = " + BIG_ORG + "\n"));

      // The class-data-sharing archive bin/devpi-gitea-sync keeps: recorded by a first run, here
      // a first sync into an index of its own that is not measured.
      report.progress("5: recording a class-data-sharing archive (first sync, not measured)");
      Path archive = world.dir().resolve("classes.jsa");
      List<String> recording = new ArrayList<>(oneOffOptions);
      recording.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off"));
      Measured training =
          oneOff(world, devpi, orgConf(world, devpi, "bench/train"), recording, "train", cleanup);
      List<String> withCds = new ArrayList<>(oneOffOptions);
      withCds.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off"));
      List<Variant> variants =
          List.of(
              new Variant("java -jar with the README's options", oneOffOptions),
              new Variant("the same + CDS archive (bin/devpi-gitea-sync)", withCds),
              new Variant("plain java -jar", List.of()));

      Table table =
          new Table(
              "run", "started as", "exit", "wall", "CPU (user + sys)", "peak RSS", "requests");
      Map<String, Measured> firsts = new HashMap<>();
      for (int i = 0; i < variants.size(); i++) {
        Variant v = variants.get(i);
        report.progress("5: one-off first sync of %d files, %s", versions, v.label());
        Measured m =
            oneOff(
                world,
                devpi,
                orgConf(world, devpi, INDEXES.get(i)),
                v.options(),
                "first-" + i,
                cleanup);
        firsts.put(v.label(), m);
        table.row(m.row("first sync, " + orgLabel, v));
      }
      Path orgConf = orgConf(world, devpi, INDEXES.get(0));
      Map<String, Measured> unchanged = new HashMap<>();
      for (Variant v : variants) {
        report.progress("5: one-off unchanged passes (best of %d), %s", REPEATS, v.label());
        Measured m = best(world, devpi, orgConf, v.options(), "unchanged", cleanup);
        unchanged.put(v.label(), m);
        table.row(m.row("unchanged pass, " + orgLabel + ", best of " + REPEATS, v));
      }
      Map<String, Measured> dry = new HashMap<>();
      for (Variant v : variants) {
        report.progress("5: one-off dry runs against an empty organization, %s", v.label());
        Measured m = best(world, devpi, emptyConf, v.options(), "dry", cleanup, "--dry-run");
        dry.put(v.label(), m);
        table.row(m.row("--dry-run, empty organization, best of " + REPEATS, v));
      }
      report.progress("5: one-off transfer of %s with -Xmx64m", Report.mib(transferSize));
      List<String> small = new ArrayList<>(oneOffOptions);
      small.add(HeapScenario.XMX);
      Measured transfer = oneOff(world, devpi, bigConf, small, "big", cleanup);
      boolean bigStored =
          devpi
              .file("bench/big", big.filename())
              .map(f -> f.sha256().equals(big.sha256()))
              .orElse(false);
      table.row(
          transfer.row(
              "transfer of one " + Report.mib(transferSize) + " wheel",
              new Variant("java -jar with the README's options and " + HeapScenario.XMX, small)));
      if (!training.ok()) {
        report.progress("5: the CDS recording run failed; the CDS rows ran without an archive");
      }

      report.progress("5: server mode, %d unchanged passes", serverPasses);
      Server server = server(world, devpi, orgConf, cleanup);
      if (server.passSeconds().isEmpty()) {
        report.progress("5: server mode failed: %s", server.output());
      }

      for (Variant v : variants.subList(0, 2)) {
        Measured u = unchanged.get(v.label());
        report.result(
            scenario,
            "one-off unchanged pass, " + orgLabel + ", " + v.label() + ": wall / CPU",
            Report.fmt("%s / %s", ChildProcess.seconds(u.wall()), ChildProcess.seconds(u.cpu())),
            "≤ 1.2 s / ≤ 1.5 s",
            Report.yesNo(u.ok() && u.wall() <= 1.2 && u.cpu() >= 0 && u.cpu() <= 1.5));
      }
      for (Variant v : variants.subList(0, 2)) {
        Measured f = firsts.get(v.label());
        report.result(
            scenario,
            "one-off first sync of " + versions + " files, " + v.label() + ": CPU",
            Report.fmt(
                "%s (wall %s, %d requests)",
                ChildProcess.seconds(f.cpu()), ChildProcess.seconds(f.wall()), f.requests()),
            "≤ 3 s",
            Report.yesNo(f.ok() && f.cpu() >= 0 && f.cpu() <= 3));
      }
      for (Variant v : variants.subList(0, 2)) {
        Measured d = dry.get(v.label());
        report.result(
            scenario,
            "--dry-run, empty organization, " + v.label() + ": wall",
            ChildProcess.seconds(d.wall()),
            "≤ 0.4 s",
            Report.yesNo(d.ok() && d.wall() <= 0.4));
      }
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
          Report.fmt("server mode, CPU per warm pass (passes 11 to %d)", serverPasses),
          server.cpuPerPass() < 0 ? "-" : Report.fmt("%.3f s", server.cpuPerPass()),
          "-",
          "-");
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
              "5. The command in its own process (%s; %s CPUs)",
              ChildProcess.timeAvailable()
                  ? "CPU and peak RSS from " + ChildProcess.TIME
                  : "wall only",
              Runtime.getRuntime().availableProcessors()),
          table,
          Report.fmt(
              "Server mode (%s): warm unchanged pass %s (median of the last 10 of %d passes, best %s), "
                  + "%s of CPU per pass; RSS %s after start, %s after pass 10, %s after pass %d.",
              String.join(" ", serverOptions),
              warm < 0 ? "-" : Report.fmt("%.3f s", warm),
              server.passSeconds().size(),
              server.passSeconds().isEmpty()
                  ? "-"
                  : Report.fmt("%.3f s", Collections.min(server.passSeconds())),
              server.cpuPerPass() < 0 ? "-" : Report.fmt("%.3f s", server.cpuPerPass()),
              ChildProcess.mib(server.rssAfterStart()),
              ChildProcess.mib(server.rssAt10()),
              ChildProcess.mib(server.rssAtEnd()),
              serverPasses),
          Report.fmt(
              "Each one-off run is a fresh `java` process started with the jar; the README's options are "
                  + "`%s`, the CDS archive was recorded by an unmeasured first sync "
                  + "(`-XX:ArchiveClassesAtExit`, as the launcher does). The simulators run in the bench's JVM, "
                  + "so their CPU is not counted; on a loaded machine they still slow the wall times.",
              String.join(" ", oneOffOptions)));
    }
  }

  /**
   * {@code --server-only}: server mode alone (its start-up pass is the first sync), then one
   * one-off unchanged pass with the README's options whose requests are listed by endpoint.
   */
  private void runServerOnly(World world, FakeDevpi devpi, Report report, Cleanup cleanup) {
    Path orgConf = orgConf(world, devpi, INDEXES.get(0));
    report.progress("5: server mode only, %d unchanged passes", serverPasses);
    Server server = server(world, devpi, orgConf, cleanup);
    if (server.passSeconds().isEmpty()) {
      report.progress("5: server mode failed: %s", server.output());
    }
    report.progress(
        "5: server mode (%s): warm pass %.3f s (median of the last 10, best %.3f s), %.3f s CPU"
            + " per pass; RSS %s / %s / %s after start / pass 10 / pass %d; passes: %s",
        String.join(" ", serverOptions),
        server.warmSeconds(),
        server.passSeconds().isEmpty() ? -1 : Collections.min(server.passSeconds()),
        server.cpuPerPass(),
        ChildProcess.mib(server.rssAfterStart()),
        ChildProcess.mib(server.rssAt10()),
        ChildProcess.mib(server.rssAtEnd()),
        serverPasses,
        server.passSeconds());
    Measured m = oneOff(world, devpi, orgConf, oneOffOptions, "unchanged-requests", cleanup);
    Map<String, Integer> byEndpoint = new java.util.TreeMap<>();
    Endpoints.gitea(world.gitea().requests()).forEach((k, v) -> byEndpoint.put("Gitea " + k, v));
    Endpoints.devpi(devpi.requests()).forEach((k, v) -> byEndpoint.put("devpi " + k, v));
    report.progress(
        "5: one-off unchanged pass: exit %d, %d requests: %s",
        m.result().exitCode(), m.requests(), byEndpoint);
  }

  /** A way of starting the command: a label for the tables and the JVM options. */
  private record Variant(String label, List<String> options) {}

  private Path orgConf(World world, FakeDevpi devpi, String index) {
    return world.writeConfig(index.replace('/', '-') + ".conf", world.ini(devpi, 4, index));
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

    String[] row(String label, Variant v) {
      return new String[] {
        label,
        v.label(),
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
          "[bench] 5: " + name + " failed (exit " + r.exitCode() + "): " + r.output());
    }
    return m;
  }

  /** What a server-mode child did: each triggered pass's duration and its RSS along the way. */
  private record Server(
      List<Double> passSeconds,
      long rssAfterStart,
      long rssAt10,
      long rssAtEnd,
      double cpuPerPass,
      String output) {
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
            .ini(devpi, 4, INDEXES.get(0))
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
    double cpu10 = -1;
    double cpuPerPass = -1;
    Process p = null;
    try {
      p = pb.start();
      cleanup.register(p::destroyForcibly);
      Process child = p;
      // the startup pass
      JsonNode startup = awaitIdle(http, base, "", child);
      String after = startup.path("id").asText();
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
        after = run.path("id").asText();
        seconds.add(run.path("durationMillis").asLong() / 1000.0);
        if (i == 10) {
          rss10 = ChildProcess.rss(p.pid()).orElse(-1L);
          cpu10 = ChildProcess.cpuSeconds(p.toHandle()).orElse(-1.0);
        }
      }
      rssEnd = ChildProcess.rss(p.pid()).orElse(-1L);
      double cpuEnd = ChildProcess.cpuSeconds(p.toHandle()).orElse(-1.0);
      if (cpu10 >= 0 && cpuEnd >= 0 && serverPasses > 10) {
        // includes the server answering the bench's status polls, a few per pass
        cpuPerPass = (cpuEnd - cpu10) / (serverPasses - 10);
      }
      return new Server(seconds, rssStart, rss10, rssEnd, cpuPerPass, "");
    } catch (IOException | RuntimeException e) {
      return new Server(seconds, rssStart, rss10, rssEnd, cpuPerPass, e + "\n" + read(log));
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
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Waits, bounded, until the server answers, no pass runs and the newest finished run is another
   * than the one with id {@code after} (ids are opaque); returns that run.
   */
  private JsonNode awaitIdle(HttpClient http, URI base, String after, Process child)
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
            && !run.path("id").asText().equals(after)
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
