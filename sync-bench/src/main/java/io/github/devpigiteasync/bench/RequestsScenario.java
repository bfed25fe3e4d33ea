package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.RecordedRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scenario 1: requests of a pass over an organization whose files are all in devpi already, against
 * the spec's {@code O(pages + packages)} budget (here: below {@code 2 × packages + pages}) and the
 * naive per-version approach.
 */
final class RequestsScenario {
  private static final String INDEX = "bench/prod";
  private static final int[] FIRST_SYNC_CONCURRENCY = {1, 2, 4};

  private final int packages;
  private final int versionsPerPackage;

  RequestsScenario(int packages, int versionsPerPackage) {
    this.packages = packages;
    this.versionsPerPackage = versionsPerPackage;
  }

  /** One pass's requests, as recorded by the two simulators. */
  private record Counts(List<RecordedRequest> gitea, List<RecordedRequest> devpi, double seconds) {
    int total() {
      return gitea.size() + devpi.size();
    }

    Map<String, Integer> byEndpoint() {
      Map<String, Integer> all = new TreeMap<>();
      Endpoints.gitea(gitea).forEach((k, v) -> all.put("Gitea " + k, v));
      Endpoints.devpi(devpi).forEach((k, v) -> all.put("devpi " + k, v));
      return all;
    }
  }

  void run(Path tmp, Cleanup cleanup, Report report) {
    int versions = packages * versionsPerPackage;
    try (World world = new World(tmp, "requests", cleanup);
        FakeDevpi devpi = world.newDevpi(1L << 30, List.of(INDEX))) {
      report.progress(
          "1: publishing %d versions in %d packages to the Gitea simulator", versions, packages);
      for (int p = 0; p < packages; p++) {
        for (int v = 0; v < versionsPerPackage; v++) {
          world.publishWheel(String.format(Locale.ROOT, "pkg-%03d", p), "1.0." + v, 0);
        }
      }
      SyncConfig config = world.config(devpi, 4, INDEX);

      report.progress("1: first pass (uploads everything)");
      Counts first;
      Counts again;
      try (SyncEngine engine = SyncEngine.builder().config(config).build()) {
        first = pass(world, devpi, engine, config, Outcome.UPLOADED, versions);
        report.progress("1: second pass with the same engine (as in server mode)");
        again = pass(world, devpi, engine, config, Outcome.PRESENT, versions);
      }
      report.progress("1: unchanged pass with a fresh engine (as a one-off run)");
      Counts fresh;
      // built as the command builds it for a one-off run: no server detection
      try (SyncEngine engine = SyncEngine.builder().config(config).detectServer(false).build()) {
        fresh = pass(world, devpi, engine, config, Outcome.PRESENT, versions);
      }
      report.progress("1: naive per-version loop with gitea-client and devpi-client");
      reset(world, devpi);
      long start = System.nanoTime();
      NaivePass.Result naive = new NaivePass(world, devpi, INDEX).run();
      Counts naiveCounts = new Counts(world.gitea().requests(), devpi.requests(), seconds(start));
      if (naive.versions() != versions || naive.filesPresent() != versions) {
        throw new IllegalStateException(
            "naive loop saw "
                + naive.versions()
                + " versions, "
                + naive.filesPresent()
                + " files present; expected "
                + versions);
      }

      report.progress("1: first syncs into an empty devpi at concurrency 1, 2 and 4");
      List<Double> firstSyncs = new ArrayList<>();
      int uploaded = 0;
      for (int concurrency : FIRST_SYNC_CONCURRENCY) {
        try (FakeDevpi empty = world.newDevpi(1L << 30, List.of(INDEX))) {
          SyncConfig part = world.config(empty, concurrency, INDEX);
          try (SyncEngine engine = SyncEngine.builder().config(part).build()) {
            long t0 = System.nanoTime();
            SyncReport r =
                engine.sync(
                    part.select(List.of(), List.of()), SyncOptions.defaults(), SyncListener.NONE);
            firstSyncs.add(seconds(t0));
            uploaded = (int) r.count(Outcome.UPLOADED);
            if (!r.succeeded() || uploaded != versions) {
              throw new IllegalStateException(
                  "first sync at concurrency " + concurrency + " failed");
            }
          }
        }
      }

      int pages =
          (int)
              Endpoints.gitea(fresh.gitea())
                  .getOrDefault("GET /api/v1/packages/{org}?type=pypi (listing page)", 0);
      int budget = 2 * packages + pages;
      int naiveFormula = pages + 2 * versions;
      String scenario =
          Report.fmt("1. unchanged org, %d versions in %d packages", versions, packages);
      report.result(
          scenario,
          "requests, fresh engine (one-off run)",
          Report.fmt(
              "%d (Gitea %d + devpi %d)",
              fresh.total(), fresh.gitea().size(), fresh.devpi().size()),
          Report.fmt("< 2 × %d + %d pages = %d", packages, pages, budget),
          Report.yesNo(fresh.total() < budget));
      report.result(
          scenario,
          "requests, same engine again (server mode)",
          Report.fmt(
              "%d (Gitea %d + devpi %d)",
              again.total(), again.gitea().size(), again.devpi().size()),
          Report.fmt("< %d", budget),
          Report.yesNo(again.total() < budget));
      report.result(
          scenario,
          "requests, naive per-version loop (measured)",
          Report.fmt("%d (formula pages + 2 × versions = %d)", naiveCounts.total(), naiveFormula),
          "-",
          "-");
      report.result(
          scenario,
          "wall time of the unchanged pass, fresh engine / naive loop",
          Report.fmt("%.2f s / %.2f s", fresh.seconds(), naiveCounts.seconds()),
          "-",
          "-");

      report.result(
          scenario,
          Report.fmt(
              "wall time of a first sync of %d files (fresh engine and devpi), concurrency 1 / 2 / 4",
              uploaded),
          Report.fmt(
              "%.2f s / %.2f s / %.2f s", firstSyncs.get(0), firstSyncs.get(1), firstSyncs.get(2)),
          "-",
          "-");

      Table breakdown =
          new Table(
              "endpoint",
              "first pass (uploads all)",
              "unchanged, same engine",
              "unchanged, fresh engine",
              "naive loop");
      Map<String, Integer> f = first.byEndpoint();
      Map<String, Integer> a = again.byEndpoint();
      Map<String, Integer> n = fresh.byEndpoint();
      Map<String, Integer> nv = naiveCounts.byEndpoint();
      TreeSet<String> endpoints = new TreeSet<>();
      List.of(f, a, n, nv).forEach(m -> endpoints.addAll(m.keySet()));
      for (String e : endpoints) {
        breakdown.row(e, cell(f, e), cell(a, e), cell(n, e), cell(nv, e));
      }
      breakdown.row(
          "**total**",
          Integer.toString(first.total()),
          Integer.toString(again.total()),
          Integer.toString(fresh.total()),
          Integer.toString(naiveCounts.total()));
      breakdown.row(
          "wall time",
          Report.fmt("%.2f s", first.seconds()),
          Report.fmt("%.2f s", again.seconds()),
          Report.fmt("%.2f s", fresh.seconds()),
          Report.fmt("%.2f s", naiveCounts.seconds()));
      report.section(
          Report.fmt(
              "1. Requests per pass: %d versions in %d packages, Gitea page size 50",
              versions, packages),
          breakdown,
          Report.fmt(
              "Budget: 2 × packages + pages = 2 × %d + %d = %d. Naive: pages + 2 × versions = %d + 2 × %d = %d.",
              packages, pages, budget, pages, versions, naiveFormula));
    }
  }

  private static String cell(Map<String, Integer> counts, String endpoint) {
    Integer n = counts.get(endpoint);
    return n == null ? "" : n.toString();
  }

  private static Counts pass(
      World world,
      FakeDevpi devpi,
      SyncEngine engine,
      SyncConfig config,
      Outcome expected,
      int files) {
    reset(world, devpi);
    long start = System.nanoTime();
    SyncReport r =
        engine.sync(config.select(List.of(), List.of()), SyncOptions.defaults(), SyncListener.NONE);
    double seconds = seconds(start);
    if (!r.succeeded() || r.count(expected) != files) {
      throw new IllegalStateException(
          "expected "
              + files
              + " files "
              + expected
              + ", got uploaded="
              + r.count(Outcome.UPLOADED)
              + " present="
              + r.count(Outcome.PRESENT)
              + " failed="
              + r.count(Outcome.FAILED)
              + " skipped="
              + r.count(Outcome.SKIPPED));
    }
    return new Counts(world.gitea().requests(), devpi.requests(), seconds);
  }

  private static void reset(World world, FakeDevpi devpi) {
    world.gitea().resetCounters();
    devpi.resetCounters();
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
