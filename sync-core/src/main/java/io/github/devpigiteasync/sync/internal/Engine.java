package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.DevpiClient;
import io.github.devpigiteasync.devpi.DevpiException;
import io.github.devpigiteasync.gitea.GiteaClient;
import io.github.devpigiteasync.gitea.GiteaException;
import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Mapping;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code SyncEngine}; public only so that the API package can reach it. Not an API: its shape may
 * change in any release.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final Duration CANCEL_GRACE = Duration.ofSeconds(30);

  /**
   * How the engine talks to the servers.
   *
   * @param http shared OkHttp client (its pool and dispatcher are reused), or null for one of the engine's own
   */
  public record Options(
      Clock clock,
      @Nullable OkHttpClient http,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      String userAgent) {
    public Options {
      Objects.requireNonNull(clock, "clock == null");
      Objects.requireNonNull(initialBackoff, "initialBackoff == null");
      Objects.requireNonNull(maxBackoff, "maxBackoff == null");
      Objects.requireNonNull(userAgent, "userAgent == null");
    }
  }

  private final SyncConfig config;
  private final Clock clock;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final Clients clients;
  private final CallTracker calls = new CallTracker();
  private final ExecutorService pool;
  private final Staging staging;

  public Engine(SyncConfig config, Options options) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.clock = options.clock();
    OkHttpClient shared = options.http();
    this.ownsHttp = shared == null;
    this.http = shared != null ? shared : new OkHttpClient();
    // derived clients share the pool and dispatcher; the tracker sees only this engine's calls
    this.clients = new Clients(config, http.newBuilder().eventListener(calls).build(), options);
    this.staging = new Staging(config.runtime().downloadDir().orElseGet(Staging::defaultRoot));
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            config.runtime().concurrency(),
            r -> {
              Thread t = new Thread(r, "sync-worker-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Steps 1 to 4 for every selected mapping; a mapping that cannot be planned gets an error, not an exception. */
  public SyncPlan plan(Selection selection, SyncOptions options, SyncListener listener) {
    SyncListener events = SafeListener.wrap(listener);
    List<MappingPlan> plans = new ArrayList<>();
    for (Mapping m : selection.mappings()) {
      MappingPlan plan = planMapping(m, options);
      events.mappingPlanned(plan);
      plans.add(plan);
    }
    return new SyncPlan(clock.instant(), options, plans);
  }

  private MappingPlan planMapping(Mapping m, SyncOptions options) {
    Instant start = clock.instant();
    MappingPlan plan = planMappingUntimed(m, options);
    Duration took = Duration.between(start, clock.instant());
    return new MappingPlan(plan.mapping(), plan.organization(), plan.index(), plan.devpiServer(), plan.files(),
        plan.error(), took);
  }

  private MappingPlan planMappingUntimed(Mapping m, SyncOptions options) {
    List<String> problems = config.problemsFor(m);
    if (!problems.isEmpty()) {
      return failed(m, "configuration error: " + String.join("; ", problems));
    }
    if (Thread.currentThread().isInterrupted()) {
      return failed(m, "cancelled");
    }
    try {
      GiteaClient gitea = clients.gitea(config.giteaTokenFor(m));
      DevpiClient devpi = clients.devpi(m.devpiServer());
      List<PlannedFile> files = new MappingPlanner(m, options, gitea, devpi, pool).plan();
      log.info("{}: planned {} files ({} to upload)", m.name(), files.size(),
          files.stream().filter(f -> f.action() == PlannedFile.Action.UPLOAD).count());
      return new MappingPlan(m.name(), m.organization(), m.index(), m.devpiServer(), files, Optional.empty());
    } catch (InterruptedException | CancellationException e) {
      Thread.currentThread().interrupt();
      return failed(m, "cancelled");
    } catch (GiteaException e) {
      return failedWithLog(m, "Gitea: " + e.getMessage());
    } catch (DevpiException e) {
      return failedWithLog(m, "devpi: " + e.getMessage());
    } catch (RuntimeException e) {
      log.error("{}: planning failed unexpectedly", m.name(), e);
      return failed(m, "internal error: " + e);
    }
  }

  private static MappingPlan failedWithLog(Mapping m, String error) {
    log.warn("{}: {}", m.name(), error);
    return failed(m, error);
  }

  private static MappingPlan failed(Mapping m, String error) {
    return new MappingPlan(m.name(), m.organization(), m.index(), m.devpiServer(), List.of(), Optional.of(error));
  }

  /**
   * Step 5: transfers every {@code UPLOAD} file of the plan, {@code concurrency} at a time across all mappings. An
   * interrupt of the calling thread cancels the transfers still running (their staged files are removed) and marks
   * the files not done as failed.
   */
  public SyncReport apply(SyncPlan plan, SyncListener listener) {
    SyncListener events = SafeListener.wrap(listener);
    Instant started = clock.instant();
    staging.cleanLeftovers();
    List<MappingReport> reports = new ArrayList<>();
    try (Staging.Run run = staging.newRun()) {
      List<MappingRun> runs = new ArrayList<>();
      for (MappingPlan mp : plan.mappings()) {
        runs.add(start(mp, run, events));
      }
      boolean interrupted = false;
      for (MappingRun r : runs) {
        interrupted |= r.await(interrupted);
        if (interrupted) {
          runs.forEach(MappingRun::cancel);
          calls.cancelAll();
        }
      }
      if (interrupted) {
        runs.forEach(MappingRun::awaitStopped);
      }
      for (MappingRun r : runs) {
        MappingReport report = r.report();
        events.mappingFinished(report);
        reports.add(report);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return new SyncReport(started, clock.instant(), false, reports);
  }

  private MappingRun start(MappingPlan mp, Staging.Run run, SyncListener events) {
    // the mapping's pass began when its planning did
    MappingRun r = new MappingRun(mp, clock.instant().minus(mp.planningTime()));
    if (mp.failed()) {
      return r;
    }
    events.mappingStarted(mp);
    List<PlannedFile> files = mp.files();
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).action() != PlannedFile.Action.UPLOAD) {
        r.results[i] = resultWithoutTransfer(files.get(i));
        events.fileFinished(mp, r.results[i]);
      }
    }
    long uploads = mp.count(PlannedFile.Action.UPLOAD);
    if (uploads == 0) {
      return r;
    }
    Optional<Mapping> m = config.mappings().stream().filter(x -> x.name().equals(mp.mapping())).findFirst();
    if (m.isEmpty()) {
      // a plan made for another configuration: there is nothing to transfer with
      for (int i = 0; i < files.size(); i++) {
        if (r.results[i] == null) {
          r.results[i] = fail(files.get(i), "mapping '" + mp.mapping() + "' is not in this engine's configuration");
        }
      }
      return r;
    }
    Transfer transfer = new Transfer(
        clients.gitea(config.giteaTokenFor(m.get())), clients.devpi(m.get().devpiServer()), run, events, clock);
    CountDownLatch running = new CountDownLatch((int) uploads);
    r.running = running;
    for (int i = 0; i < files.size(); i++) {
      PlannedFile f = files.get(i);
      if (f.action() == PlannedFile.Action.UPLOAD) {
        r.pending.add(new Pending(i, f, pool.submit(() -> {
          try {
            FileResult result = transfer.run(mp, f);
            events.fileFinished(mp, result);
            return result;
          } finally {
            running.countDown();
          }
        })));
      }
    }
    return r;
  }

  /** The outcome of a file the plan does not transfer, also used for dry runs. */
  static FileResult resultWithoutTransfer(PlannedFile f) {
    Outcome outcome =
        switch (f.action()) {
          case UPLOAD -> Outcome.PLANNED;
          case PRESENT -> Outcome.PRESENT;
          case CONFLICT -> Outcome.CONFLICT;
          case SKIP -> Outcome.SKIPPED;
        };
    return new FileResult(f.project(), f.version(), f.filename(), outcome, f.reason(), 0, Duration.ZERO);
  }

  /** A plan as the report of a dry run: uploads are {@code PLANNED}, nothing is written. */
  public static SyncReport dryRun(SyncPlan plan) {
    List<MappingReport> reports = new ArrayList<>();
    for (MappingPlan mp : plan.mappings()) {
      reports.add(new MappingReport(mp.mapping(), mp.organization(), mp.index(), mp.devpiServer(), mp.error(),
          mp.files().stream().map(Engine::resultWithoutTransfer).toList(), plan.createdAt().minus(mp.planningTime()),
          mp.planningTime()));
    }
    return new SyncReport(plan.createdAt(), plan.createdAt(), true, reports);
  }

  private static FileResult fail(PlannedFile f, String reason) {
    return new FileResult(f.project(), f.version(), f.filename(), Outcome.FAILED, reason, 0, Duration.ZERO);
  }

  private record Pending(int slot, PlannedFile file, Future<FileResult> future) {}

  /** The transfers of one mapping in flight. */
  private final class MappingRun {
    final MappingPlan plan;
    final Instant started;
    final @Nullable FileResult[] results;
    final List<Pending> pending = new ArrayList<>();
    CountDownLatch running = new CountDownLatch(0);

    MappingRun(MappingPlan plan, Instant started) {
      this.plan = plan;
      this.started = started;
      this.results = new FileResult[plan.files().size()];
    }

    /** Collects results; returns whether the caller was interrupted while waiting. */
    boolean await(boolean alreadyInterrupted) {
      if (alreadyInterrupted) {
        return true;
      }
      for (Pending p : pending) {
        try {
          p.future().get();
        } catch (InterruptedException e) {
          return true;
        } catch (ExecutionException | CancellationException e) {
          // turned into a result in report()
        }
      }
      return false;
    }

    void cancel() {
      pending.forEach(p -> p.future().cancel(true));
    }

    void awaitStopped() {
      try {
        if (!running.await(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("{}: transfers still running {} s after cancel", plan.mapping(), CANCEL_GRACE.toSeconds());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    MappingReport report() {
      for (Pending p : pending) {
        results[p.slot()] = outcome(p);
      }
      List<FileResult> all = new ArrayList<>();
      for (FileResult result : results) {
        all.add(Objects.requireNonNull(result, "result"));
      }
      return new MappingReport(plan.mapping(), plan.organization(), plan.index(), plan.devpiServer(), plan.error(),
          all, started, Duration.between(started, clock.instant()));
    }

    private FileResult outcome(Pending p) {
      Future<FileResult> f = p.future();
      if (f.isDone() && !f.isCancelled()) {
        try {
          return f.get();
        } catch (ExecutionException e) {
          log.error("Transfer of {} failed unexpectedly", p.file().filename(), e.getCause());
          return fail(p.file(), "internal error: " + e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return fail(p.file(), "cancelled");
    }
  }

  /** Stops the workers and, when the engine made its own HTTP client, its connections. */
  @Override
  public void close() {
    pool.shutdownNow();
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
