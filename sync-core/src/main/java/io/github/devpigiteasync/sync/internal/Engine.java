package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.devpi.DevpiClient;
import io.github.devpigiteasync.devpi.DevpiException;
import io.github.devpigiteasync.devpi.IndexRef;
import io.github.devpigiteasync.gitea.GiteaClient;
import io.github.devpigiteasync.gitea.GiteaException;
import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.MappingTarget;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Mapping;
import io.github.devpigiteasync.sync.config.Secret;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code SyncEngine}; public only so that the API package can reach it. Not an
 * API: its shape may change in any release.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final Duration CANCEL_GRACE = Duration.ofSeconds(30);

  /**
   * Files of at least this size are large: a devpi server gets at most one of them at a time
   * (devpi-server ingests one request body at a time; two big bodies at once only share its
   * bandwidth and cost it more CPU), while smaller files, bound by latency, use the other workers.
   */
  static final long LARGE_FILE_BYTES = 64L * 1024 * 1024;

  /**
   * How the engine talks to the servers.
   *
   * @param http shared OkHttp client (its pool and dispatcher are reused), or null for one of the
   *     engine's own
   * @param detectServer whether plans carry the detected Gitea or Forgejo server (one or two
   *     requests per engine)
   */
  public record Options(
      Clock clock,
      @Nullable OkHttpClient http,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      String userAgent,
      boolean detectServer) {
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
  private final Transfer.Retry retry;
  private final boolean detectServer;
  private final Scheduler scheduler;

  public Engine(SyncConfig config, Options options) {
    this(config, options, LARGE_FILE_BYTES);
  }

  /** As the public constructor, with another size from which a file is large (for tests). */
  Engine(SyncConfig config, Options options, long largeFileBytes) {
    this.config = Objects.requireNonNull(config, "config == null");
    this.clock = options.clock();
    this.detectServer = options.detectServer();
    this.retry =
        new Transfer.Retry(options.maxAttempts(), options.initialBackoff(), options.maxBackoff());
    OkHttpClient shared = options.http();
    this.ownsHttp = shared == null;
    this.http = shared != null ? shared : new OkHttpClient();
    // derived clients share the pool and dispatcher; the tracker sees only this engine's calls
    this.clients = new Clients(http.newBuilder().eventListener(calls).build(), options);
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
    this.scheduler = new Scheduler(pool, largeFileBytes);
  }

  /**
   * Steps 1 to 4 for every selected mapping; a mapping that cannot be planned gets an error, not an
   * exception.
   */
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
    return new MappingPlan(
        plan.mapping(),
        plan.organization(),
        plan.index(),
        plan.devpiServer(),
        plan.files(),
        plan.error(),
        took,
        plan.target());
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
      Optional<Secret> token = config.giteaTokenFor(m);
      GiteaClient gitea = clients.gitea(config.gitea(), token);
      // resolved once here, with the detected Gitea or Forgejo (cached per client, logged for -vv);
      // apply uses only what the plan carries
      MappingTarget target =
          new MappingTarget(
              config.gitea(),
              token,
              IndexRef.parse(m.index()),
              config.devpiServerFor(m),
              detectServer ? Optional.of(gitea.server()) : Optional.empty());
      DevpiClient devpi = clients.devpi(target.devpi());
      List<PlannedFile> files =
          new MappingPlanner(m, target.index(), options, gitea, devpi, pool).plan();
      log.info(
          "{}: planned {} files ({} to upload)",
          m.name(),
          files.size(),
          files.stream().filter(f -> f.action() == PlannedFile.Action.UPLOAD).count());
      return new MappingPlan(
          m.name(),
          m.organization(),
          m.index(),
          m.devpiServer(),
          files,
          Optional.empty(),
          Duration.ZERO,
          Optional.of(target));
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
    return new MappingPlan(
        m.name(), m.organization(), m.index(), m.devpiServer(), List.of(), Optional.of(error));
  }

  /**
   * Step 5: transfers every {@code UPLOAD} file of the plan, {@code concurrency} at a time across
   * all mappings, large files one at a time per devpi server ({@code Scheduler}). Each mapping's
   * {@code mappingFinished} event fires as soon as its own last file is done. An interrupt of the
   * calling thread cancels the transfers (in-flight calls are aborted, their staged files removed,
   * queued files not started) and reports the files not done as failed.
   */
  public SyncReport apply(SyncPlan plan, SyncListener listener) {
    SyncListener events = SafeListener.wrap(listener);
    // a pass covers its planning too: count that time back from now, as the mappings' reports do
    Instant started = clock.instant().minus(planningTime(plan));
    staging.cleanLeftovers();
    List<MappingRun> runs = new ArrayList<>();
    try (Staging.Run run = staging.newRun()) {
      for (MappingPlan mp : plan.mappings()) {
        runs.add(start(mp, run, events));
      }
      boolean interrupted = false;
      for (MappingRun r : runs) {
        try {
          r.done.await();
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
      if (interrupted) {
        runs.forEach(MappingRun::cancel);
        calls.cancelAll();
        awaitStopped(runs);
        Thread.currentThread().interrupt();
      }
    }
    return new SyncReport(
        started, clock.instant(), false, runs.stream().map(MappingRun::report).toList());
  }

  private static Duration planningTime(SyncPlan plan) {
    return plan.mappings().stream()
        .map(MappingPlan::planningTime)
        .reduce(Duration.ZERO, Duration::plus);
  }

  /**
   * Gives cancelled transfers the grace period to end, then reports whatever did not as cancelled.
   */
  private void awaitStopped(List<MappingRun> runs) {
    long deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
    try {
      for (MappingRun r : runs) {
        if (!r.done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          log.warn(
              "{}: transfers still running {} s after cancel",
              r.plan.mapping(),
              CANCEL_GRACE.toSeconds());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runs.forEach(MappingRun::finish);
  }

  private MappingRun start(MappingPlan mp, Staging.Run run, SyncListener events) {
    // the mapping's pass began when its planning did
    MappingRun r = new MappingRun(mp, clock.instant().minus(mp.planningTime()), events);
    if (mp.failed()) {
      r.finish();
      return r;
    }
    events.mappingStarted(mp);
    List<PlannedFile> files = mp.files();
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).action() != PlannedFile.Action.UPLOAD) {
        r.results.set(i, resultWithoutTransfer(files.get(i)));
        events.fileFinished(mp, r.results.get(i));
      }
    }
    if (r.remaining.get() == 0) {
      r.finish();
      return r;
    }
    Optional<MappingTarget> target = mp.target();
    if (target.isEmpty()) {
      // a plan built by hand: it does not say where to transfer
      r.finish("the plan of mapping '" + mp.mapping() + "' has no target to transfer to");
      return r;
    }
    Transfer transfer =
        new Transfer(
            clients.gitea(target.get()),
            clients.devpi(target.get().devpi()),
            target.get().index(),
            run,
            events,
            clock,
            config.runtime().transferMode(),
            retry);
    for (int i = 0; i < files.size(); i++) {
      PlannedFile f = files.get(i);
      if (f.action() == PlannedFile.Action.UPLOAD) {
        int slot = i;
        scheduler.submit(mp.devpiServer(), f.size(), () -> r.transfer(slot, f, transfer));
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
    return new FileResult(
        f.project(), f.version(), f.filename(), outcome, f.reason(), 0, Duration.ZERO);
  }

  /** A plan as the report of a dry run: uploads are {@code PLANNED}, nothing is written. */
  public static SyncReport dryRun(SyncPlan plan) {
    List<MappingReport> reports = new ArrayList<>();
    for (MappingPlan mp : plan.mappings()) {
      reports.add(
          new MappingReport(
              mp.mapping(),
              mp.organization(),
              mp.index(),
              mp.devpiServer(),
              mp.error(),
              mp.files().stream().map(Engine::resultWithoutTransfer).toList(),
              plan.createdAt().minus(mp.planningTime()),
              mp.planningTime()));
    }
    return new SyncReport(
        plan.createdAt().minus(planningTime(plan)), plan.createdAt(), true, reports);
  }

  private static FileResult fail(PlannedFile f, String reason) {
    return new FileResult(
        f.project(), f.version(), f.filename(), Outcome.FAILED, reason, 0, Duration.ZERO);
  }

  /**
   * One mapping's transfers in flight. Workers write their results into the mapping's slots; the
   * last one to finish builds the report and sends {@code mappingFinished}.
   */
  private final class MappingRun {
    final MappingPlan plan;
    final Instant started;
    final SyncListener events;
    final AtomicReferenceArray<FileResult> results;
    final AtomicInteger remaining;
    final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    private volatile @Nullable MappingReport report;

    MappingRun(MappingPlan plan, Instant started, SyncListener events) {
      this.plan = plan;
      this.started = started;
      this.events = events;
      this.results = new AtomicReferenceArray<>(plan.files().size());
      this.remaining = new AtomicInteger((int) plan.count(PlannedFile.Action.UPLOAD));
    }

    void transfer(int slot, PlannedFile file, Transfer transfer) {
      workers.add(Thread.currentThread());
      try {
        FileResult result = cancelled ? fail(file, "cancelled") : transfer.run(plan, file);
        results.set(slot, result);
        events.fileFinished(plan, result);
      } finally {
        workers.remove(Thread.currentThread());
        Thread.interrupted(); // a cancel's interrupt must not reach the pool thread's next task
        if (remaining.decrementAndGet() == 0) {
          finish();
        }
      }
    }

    /** Stops taking files and interrupts the ones being transferred. */
    void cancel() {
      cancelled = true;
      workers.forEach(Thread::interrupt);
    }

    void finish() {
      finish("cancelled");
    }

    /**
     * Builds the report once, with {@code missing} as the reason of every file that has no result.
     */
    void finish(String missing) {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      List<FileResult> all = new ArrayList<>();
      for (int i = 0; i < results.length(); i++) {
        FileResult r = results.get(i);
        all.add(r != null ? r : fail(plan.files().get(i), missing));
      }
      MappingReport built =
          new MappingReport(
              plan.mapping(),
              plan.organization(),
              plan.index(),
              plan.devpiServer(),
              plan.error(),
              all,
              started,
              Duration.between(started, clock.instant()));
      report = built;
      events.mappingFinished(built);
      done.countDown();
    }

    MappingReport report() {
      return Objects.requireNonNull(report, "report before finish");
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
