package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.store.HistoryEvent;
import io.github.devpigiteasync.store.HistoryQuery;
import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.RunRecorder;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.store.Trigger;
import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.RuntimeSettings;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.FakeDevpi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scenario 4: what recording the history costs. The first sync of many small files into an empty
 * index, with the embedded (SQLite) history store attached the way the daemon attaches it (a {@link
 * RunRecorder} as the pass's listener, {@link RunRecorder#finish} at the end; the store opened
 * before the pass, as at daemon start) and without it. Runs alternate off/on, each against a fresh
 * devpi simulator and a fresh store, and the fastest run of each way counts.
 */
final class HistoryCostScenario {
  private static final String INDEX = "bench/prod";

  private final int files;
  private final int rounds;

  HistoryCostScenario(int files, int rounds) {
    this.files = files;
    this.rounds = rounds;
  }

  private record Run(boolean history, int round, double seconds, double flushSeconds) {}

  void run(Path tmp, Cleanup cleanup, Report report) {
    String scenario = Report.fmt("4. history cost, first sync of %d small files", files);
    try (World world = new World(tmp, "history", cleanup)) {
      report.progress("4: publishing %d small wheels to the Gitea simulator", files);
      for (int i = 0; i < files; i++) {
        world.publishWheel(String.format(Locale.ROOT, "small-%04d", i), "1.0.0", 0);
      }
      report.progress("4: warm-up (JIT), history off and on");
      pass(world, false, 0);
      pass(world, true, 0);

      List<Run> runs = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        report.progress("4: round %d: history off", round);
        runs.add(pass(world, false, round));
        report.progress("4: round %d: history on", round);
        runs.add(pass(world, true, round));
      }
      Run off = best(runs, false);
      Run on = best(runs, true);

      Table table = new Table("run", "seconds", "rows written after the pass (s)");
      for (Run r : runs) {
        table.row(
            (r.history() ? "history on" : "history off") + ", round " + r.round(),
            Report.fmt("%.2f", r.seconds()),
            r.history() ? Report.fmt("%.2f", r.flushSeconds()) : "-");
      }
      double slower = on.seconds() / off.seconds() - 1;
      report.section(
          Report.fmt("4. History cost: first sync of %d small files, embedded store", files),
          table,
          "Each run syncs every file into an empty index of a fresh devpi simulator (concurrency "
              + RuntimeSettings.defaults().concurrency()
              + "); with history on, a fresh SQLite store records one run row and one event per"
              + " upload. The last column is how long the store's writer still needed after the"
              + " pass ended (it writes in the background; the pass never waits for it).");
      report.result(
          scenario,
          Report.fmt("history on vs off (best of %d each)", rounds),
          Report.fmt("%+.1f %% (%.2f s vs %.2f s)", 100 * slower, on.seconds(), off.seconds()),
          "≤ +5 %",
          Report.yesNo(slower <= 0.05));
    }
  }

  private static Run best(List<Run> runs, boolean history) {
    return runs.stream()
        .filter(r -> r.history() == history)
        .min((a, b) -> Double.compare(a.seconds(), b.seconds()))
        .orElseThrow();
  }

  private Run pass(World world, boolean history, int round) {
    String name = (history ? "on-" : "off-") + round;
    try (FakeDevpi devpi = world.newDevpi(1L << 30, List.of(INDEX));
        HistoryStore store =
            HistoryStore.open(
                history
                    ? StoreOptions.embedded(world.dir().resolve("state-" + name), 90)
                    : StoreOptions.none())) {
      SyncConfig config = world.config(devpi, RuntimeSettings.defaults().concurrency(), INDEX);
      SyncReport r;
      long start = System.nanoTime();
      try (SyncEngine engine = SyncEngine.builder().config(config).build()) {
        if (history) {
          RunRecorder recorder = store.startRun(Set.of(Trigger.SCHEDULE));
          r = engine.sync(config.select(List.of(), List.of()), SyncOptions.defaults(), recorder);
          recorder.finish(r);
        } else {
          r =
              engine.sync(
                  config.select(List.of(), List.of()), SyncOptions.defaults(), SyncListener.NONE);
        }
      }
      double seconds = RequestsScenario.seconds(start);
      long flushStart = System.nanoTime();
      if (!store.flush(Duration.ofMinutes(2))) {
        throw new IllegalStateException("history rows not written within 2 minutes");
      }
      double flushSeconds = RequestsScenario.seconds(flushStart);
      if (!r.succeeded() || r.count(Outcome.UPLOADED) != files) {
        throw new IllegalStateException(
            "expected " + files + " uploads, got " + r.count(Outcome.UPLOADED));
      }
      if (history) {
        int recorded =
            store
                .events(
                    HistoryQuery.builder()
                        .outcome(HistoryEvent.Outcome.UPLOADED)
                        .limit(HistoryQuery.MAX_LIMIT)
                        .build())
                .items()
                .size();
        if (recorded != Math.min(files, HistoryQuery.MAX_LIMIT)
            || store.recentRuns(10).size() != 1) {
          throw new IllegalStateException("history holds " + recorded + " events, not " + files);
        }
      }
      return new Run(history, round, seconds, flushSeconds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
