package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.server.MappingInfo;
import io.github.devpigiteasync.server.ServerSettings;
import io.github.devpigiteasync.server.StatusSnapshot;
import io.github.devpigiteasync.server.SyncServer;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.FakeDevpi;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 6: the dashboard under load. {@code clients} threads request {@code /}, {@code /health},
 * {@code /api/status?files=false} (as the dashboard page polls it) and {@code /metrics} in turn, as
 * fast as they get answers, for at least {@code seconds} and until a server-mode pass that uploads
 * {@code files} wheels has finished. Reports errors and p50/p99/max latency per endpoint, and the
 * pass's duration against the same pass without clients (a warm-up pass runs first, so that neither
 * measured pass pays for JIT compilation).
 */
final class DashboardLoadScenario {
  private static final String INDEX = "bench/load";
  // the dashboard page polls api/status without file lists; the full list is O(files) by nature
  private static final List<String> PATHS =
      List.of("", "health", "api/status?files=false", "metrics");
  private static final double[] P99_TARGET_MS = {50, 10, 10, Double.NaN};

  private final int files;
  private final int clients;
  private final int seconds;

  DashboardLoadScenario(int files, int clients, int seconds) {
    this.files = files;
    this.clients = clients;
    this.seconds = seconds;
  }

  void run(java.nio.file.Path tmp, Cleanup cleanup, Report report) {
    try (World world = new World(tmp, "dashboard-load", cleanup)) {
      int packages = Math.max(1, files / 20);
      report.progress("5: publishing %d wheels in %d packages", files, packages);
      for (int i = 0; i < files; i++) {
        world.publishWheel(
            String.format(Locale.ROOT, "load-%04d", i % packages), "1.0." + (i / packages), 0);
      }
      report.progress("5: warm-up pass (not measured)");
      pass(world, 0, 0, 0);
      report.progress("5: pass without dashboard clients");
      Load quiet = pass(world, 0, 0, 0);
      report.progress("5: pass with %d clients asking without pause", clients);
      Load stress = pass(world, clients, seconds, 0);
      report.progress("5: pass with %d clients asking once a second each", clients);
      Load watching = pass(world, clients, seconds, 1000);
      report(report, "as fast as answers come", stress, quiet);
      report(report, "one request a second each", watching, quiet);
    }
  }

  private void report(Report report, String pace, Load loaded, Load quiet) {
    double slowdown = (double) loaded.passMillis / quiet.passMillis - 1;
    String scenario =
        Report.fmt("5. dashboard, %d clients (%s), pass over %d files", clients, pace, files);
    Table table = new Table("endpoint", "requests", "errors", "p50", "p99", "max", "p99 target");
    for (int e = 0; e < PATHS.size(); e++) {
      long[] lat = loaded.latencies.get(e);
      String target = Double.isNaN(P99_TARGET_MS[e]) ? "-" : "< " + (int) P99_TARGET_MS[e] + " ms";
      table.row(
          "/" + PATHS.get(e),
          Long.toString(lat.length),
          Long.toString(loaded.errors[e].get()),
          ms(percentile(lat, 0.50)),
          ms(percentile(lat, 0.99)),
          ms(lat.length == 0 ? 0 : lat[lat.length - 1]),
          target);
      if (!Double.isNaN(P99_TARGET_MS[e])) {
        report.result(
            scenario,
            "p99 of /" + PATHS.get(e),
            ms(percentile(lat, 0.99)),
            target,
            Report.yesNo(percentile(lat, 0.99) < P99_TARGET_MS[e] * 1e6));
      }
    }
    long errors = Arrays.stream(loaded.errors).mapToLong(AtomicLong::get).sum();
    report.result(scenario, "errors", Long.toString(errors), "0", Report.yesNo(errors == 0));
    report.result(
        scenario,
        "pass with clients / without",
        Report.fmt(
            "%.1f s / %.1f s (%+.0f %%)",
            loaded.passMillis / 1000.0, quiet.passMillis / 1000.0, slowdown * 100),
        "≤ +10 %",
        Report.yesNo(slowdown <= 0.10));
    report.section(
        Report.fmt(
            "5. Dashboard under load: %d clients (%s) for %.0f s during a pass over %d files",
            clients, pace, loaded.loadSeconds, files),
        table,
        Report.fmt(
            "Each client asks /, /health, /api/status?files=false and /metrics in turn with"
                + " keep-alive connections (%s), for at least %d s and until the pass ends."
                + " Pass: %.1f s with clients, %.1f s without.",
            pace, seconds, loaded.passMillis / 1000.0, quiet.passMillis / 1000.0));
  }

  private record Load(
      long passMillis, List<long[]> latencies, AtomicLong[] errors, double loadSeconds) {}

  /** A server-mode start-up pass into a fresh devpi, with {@code n} clients hammering the pages. */
  private Load pass(World world, int n, int minSeconds, long thinkMillis) {
    try (FakeDevpi devpi = world.newDevpi(1L << 30, List.of(INDEX))) {
      SyncConfig config = world.config(devpi, 4, INDEX);
      Selection selection = config.select(List.of(), List.of());
      ServerSettings settings =
          ServerSettings.builder()
              .host("127.0.0.1")
              .port(0)
              .pollInterval(Duration.ofHours(1))
              .version("bench")
              .mappings(
                  selection.mappings().stream()
                      .map(
                          m ->
                              new MappingInfo(
                                  m.name(), m.organization(), m.index(), m.devpiServer()))
                      .toList())
              .build();
      try (SyncEngine engine = SyncEngine.builder().config(config).build();
          SyncServer server =
              SyncServer.builder(
                      settings,
                      (mappings, listener) ->
                          engine.sync(selection, SyncOptions.defaults(), listener))
                  .build()) {
        AtomicBoolean stop = new AtomicBoolean();
        List<Client> pool = new ArrayList<>();
        server.start();
        URI base = URI.create(server.url());
        long loadStart = System.nanoTime();
        for (int i = 0; i < n; i++) {
          Client c = new Client(base, i, stop, thinkMillis);
          pool.add(c);
          c.start();
        }
        StatusSnapshot.RunSummary run = awaitFirstRun(server);
        long minEnd = loadStart + Duration.ofSeconds(minSeconds).toNanos();
        while (System.nanoTime() < minEnd) {
          sleep(100);
        }
        stop.set(true);
        for (Client c : pool) {
          try {
            c.join(30_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
          }
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        if (!run.succeeded() || run.uploaded() != files) {
          throw new IllegalStateException(
              "pass uploaded "
                  + run.uploaded()
                  + " of "
                  + files
                  + " (failed "
                  + run.failed()
                  + ")");
        }
        List<long[]> latencies = new ArrayList<>();
        AtomicLong[] errors = new AtomicLong[PATHS.size()];
        for (int e = 0; e < PATHS.size(); e++) {
          int endpoint = e;
          long[] all =
              pool.stream().flatMapToLong(c -> Arrays.stream(c.latencies(endpoint))).toArray();
          Arrays.sort(all);
          latencies.add(all);
          errors[e] = new AtomicLong(pool.stream().mapToLong(c -> c.errors[endpoint]).sum());
        }
        return new Load(run.durationMillis(), latencies, errors, loadSeconds);
      }
    }
  }

  private static StatusSnapshot.RunSummary awaitFirstRun(SyncServer server) {
    while (true) {
      List<StatusSnapshot.RunSummary> runs = server.status().snapshot(false).runs();
      if (!runs.isEmpty()) {
        return runs.get(0);
      }
      sleep(50);
    }
  }

  /** One dashboard client: a thread asking the four pages in turn until told to stop. */
  private static final class Client extends Thread {
    private final URI base;
    private final AtomicBoolean stop;
    private final long[][] samples = new long[PATHS.size()][1024];
    private final int[] counts = new int[PATHS.size()];
    final long[] errors = new long[PATHS.size()];
    private int next;

    private final long thinkMillis;

    Client(URI base, int index, AtomicBoolean stop, long thinkMillis) {
      super("dashboard-client-" + index);
      this.thinkMillis = thinkMillis;
      setDaemon(true);
      this.base = base;
      this.stop = stop;
      this.next = index % PATHS.size();
    }

    @Override
    public void run() {
      byte[] buffer = new byte[16 * 1024];
      while (!stop.get()) {
        int e = next;
        next = (next + 1) % PATHS.size();
        long start = System.nanoTime();
        try {
          HttpURLConnection c =
              (HttpURLConnection) base.resolve(PATHS.get(e)).toURL().openConnection();
          c.setConnectTimeout(10_000);
          c.setReadTimeout(30_000);
          int status = c.getResponseCode();
          try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
              while (in.read(buffer) > 0) {
                // drain, so that the connection is reused
              }
            }
          }
          if (status != 200) {
            errors[e]++;
            continue;
          }
        } catch (IOException ex) {
          errors[e]++;
          continue;
        }
        record(e, System.nanoTime() - start);
        if (thinkMillis > 0) {
          try {
            Thread.sleep(thinkMillis);
          } catch (InterruptedException ex) {
            return;
          }
        }
      }
    }

    private void record(int endpoint, long nanos) {
      if (counts[endpoint] == samples[endpoint].length) {
        samples[endpoint] = Arrays.copyOf(samples[endpoint], counts[endpoint] * 2);
      }
      samples[endpoint][counts[endpoint]++] = nanos;
    }

    long[] latencies(int endpoint) {
      return Arrays.copyOf(samples[endpoint], counts[endpoint]);
    }
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String ms(long nanos) {
    return Report.fmt("%.1f ms", nanos / 1e6);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
