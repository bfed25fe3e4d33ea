package io.github.devpigiteasync.server;

import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.RunRecord;
import io.github.devpigiteasync.store.RunRecorder;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.store.Trigger;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sync passes one at a time on a single thread: one at start, then one every poll interval
 * after the last full pass ended. A request that arrives while a pass runs queues exactly one more
 * pass (several requests merge into it). A pass that throws is recorded as failed and never stops
 * the schedule. Every pass is recorded in the history store. A pass starts only while this daemon
 * may run passes (it leads, or runs alone); {@link #cancel()} stops the running one when it no
 * longer may.
 */
public final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  /** What happened to a {@link #request(PassScope)}. */
  public enum Outcome {
    /** Nothing was running or queued: the pass starts now. */
    STARTED,
    /** A pass is running: this one runs right after it. */
    QUEUED,
    /** A pass was already queued: the request was merged into it. */
    MERGED,
    /** The scheduler is stopped. */
    REJECTED,
    /** This daemon is a standby: the request was handed to the leader through the store. */
    HANDED_OVER
  }

  private final Pass pass;
  private final SyncListener listener;
  private final PassObserver observer;
  private final Duration interval;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final HistoryStore store;
  private final Redactor redactor;
  private final BooleanSupplier mayStart;
  // told about every run the moment it is recorded (the status shows it without reading the store)
  private final Consumer<RunRecord> recorded;

  private final Object lock = new Object();
  private @Nullable PassScope queued;
  private @Nullable PassScope current;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable Instant nextRun;
  private @Nullable Thread runner;
  private boolean started;
  private boolean stopped;
  private long passes;

  Scheduler(
      Pass pass,
      SyncListener listener,
      PassObserver observer,
      Duration interval,
      Clock clock,
      ScheduledExecutorService executor) {
    this(
        pass,
        listener,
        observer,
        interval,
        clock,
        executor,
        HistoryStore.open(StoreOptions.none()),
        Redactor.none(),
        () -> true,
        run -> {});
  }

  Scheduler(
      Pass pass,
      SyncListener listener,
      PassObserver observer,
      Duration interval,
      Clock clock,
      ScheduledExecutorService executor,
      HistoryStore store,
      Redactor redactor,
      BooleanSupplier mayStart,
      Consumer<RunRecord> recorded) {
    this.pass = Objects.requireNonNull(pass, "pass == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.observer = Objects.requireNonNull(observer, "observer == null");
    this.interval = Objects.requireNonNull(interval, "interval == null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.executor = Objects.requireNonNull(executor, "executor == null");
    this.store = Objects.requireNonNull(store, "store == null");
    this.redactor = Objects.requireNonNull(redactor, "redactor == null");
    this.mayStart = Objects.requireNonNull(mayStart, "mayStart == null");
    this.recorded = Objects.requireNonNull(recorded, "recorded == null");
  }

  /** Starts the schedule with a full pass right away. */
  public void start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("already started");
      }
      started = true;
    }
    request(PassScope.all("startup"));
  }

  /** Asks for a pass; never blocks. */
  public Outcome request(PassScope scope) {
    Objects.requireNonNull(scope, "scope == null");
    synchronized (lock) {
      if (stopped || !started) {
        return Outcome.REJECTED;
      }
      if (queued != null) {
        queued = queued.merge(scope);
        return Outcome.MERGED;
      }
      queued = scope;
      executor.execute(this::runQueued);
      return current == null ? Outcome.STARTED : Outcome.QUEUED;
    }
  }

  /** Whether the scheduler has started and not been stopped. */
  public boolean running() {
    synchronized (lock) {
      return started && !stopped;
    }
  }

  /** Whether a pass is running right now. */
  public boolean passInProgress() {
    synchronized (lock) {
      return current != null;
    }
  }

  /** When the next scheduled full pass starts; empty while a full pass runs or after stop. */
  public Optional<Instant> nextRun() {
    synchronized (lock) {
      return Optional.ofNullable(nextRun);
    }
  }

  /**
   * Stops scheduling, drops a queued pass, interrupts the running one and waits up to {@code grace}
   * for it to end.
   *
   * @return whether the running pass (if any) ended within the grace period
   */
  public boolean stop(Duration grace) {
    synchronized (lock) {
      stopped = true;
      queued = null;
      nextRun = null;
      if (timer != null) {
        timer.cancel(false);
      }
    }
    executor.shutdownNow();
    try {
      return executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Drops a queued pass and the next scheduled one and interrupts the running pass: this daemon no
   * longer leads. The schedule starts again with the next request.
   */
  public void cancel() {
    synchronized (lock) {
      queued = null;
      nextRun = null;
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
      if (runner != null) {
        log.info("Cancelling the running pass: this daemon no longer leads");
        runner.interrupt();
      }
    }
  }

  private void runQueued() {
    PassScope scope;
    long id;
    synchronized (lock) {
      if (stopped || queued == null) {
        return;
      }
      scope = queued;
      queued = null;
      if (!mayStart.getAsBoolean()) {
        // a standby runs no pass; the leader runs it (requests reach it through the store)
        log.debug("Not the leader: pass ({}) not started", scope.triggerText());
        return;
      }
      current = scope;
      runner = Thread.currentThread();
      id = ++passes;
      if (scope.isAll()) {
        // a full pass replaces the next timed one; the timer restarts when it ends
        if (timer != null) {
          timer.cancel(false);
          timer = null;
        }
        nextRun = null;
      }
    }
    RunRecorder recorder = store.startRun(triggers(scope));
    try {
      notify(() -> observer.passStarted(id, scope));
      SyncReport report = pass.run(scope.mappings(), listener.andThen(recorder));
      notify(() -> recorded.accept(recorder.finish(report)));
      notify(() -> observer.passFinished(id, scope, report));
    } catch (RuntimeException e) {
      notify(() -> recorded.accept(recorder.fail(redactor.redact(LiveState.describe(e)))));
      notify(() -> observer.passFailed(id, scope, e));
    } catch (Error e) {
      // an Error (a bug in the engine, a missing class) must be recorded like any failure, or the
      // mappings
      // would stay "planning" forever; the executor would swallow it anyway
      log.error("Pass {} failed with an error", id, e);
      RuntimeException wrapped = new IllegalStateException(e.toString(), e);
      notify(() -> recorded.accept(recorder.fail(redactor.redact(LiveState.describe(wrapped)))));
      notify(() -> observer.passFailed(id, scope, wrapped));
    } finally {
      synchronized (lock) {
        current = null;
        runner = null;
        // a cancelled pass leaves the interrupt flag set; the next pass must not see it
        Thread.interrupted();
        if (scope.isAll() && !stopped && mayStart.getAsBoolean()) {
          nextRun = clock.instant().plus(interval);
          timer =
              executor.schedule(
                  () -> request(PassScope.all("schedule")),
                  interval.toMillis(),
                  TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  private static Set<Trigger> triggers(PassScope scope) {
    Set<Trigger> t =
        scope.triggers().stream()
            .map(
                name -> {
                  try {
                    return Trigger.parse(name);
                  } catch (IllegalArgumentException e) {
                    return Trigger.API;
                  }
                })
            .collect(Collectors.toSet());
    return t.isEmpty() ? Set.of(Trigger.SCHEDULE) : t;
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // an observer bug (or a history store problem) must not stop the schedule
      log.error("Pass observer failed", e);
    }
  }
}
