package io.github.devpigiteasync.server;

import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sync passes one at a time on a single thread: one at start, then one every poll interval
 * after the last full pass ended. A request that arrives while a pass runs queues exactly one more
 * pass (several requests merge into it). A pass that throws is recorded as failed and never stops
 * the schedule.
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
    REJECTED
  }

  private final Pass pass;
  private final SyncListener listener;
  private final PassObserver observer;
  private final Duration interval;
  private final Clock clock;
  private final ScheduledExecutorService executor;

  private final Object lock = new Object();
  private @Nullable PassScope queued;
  private @Nullable PassScope current;
  private @Nullable ScheduledFuture<?> timer;
  private @Nullable Instant nextRun;
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
    this.pass = Objects.requireNonNull(pass, "pass == null");
    this.listener = Objects.requireNonNull(listener, "listener == null");
    this.observer = Objects.requireNonNull(observer, "observer == null");
    this.interval = Objects.requireNonNull(interval, "interval == null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.executor = Objects.requireNonNull(executor, "executor == null");
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

  private void runQueued() {
    PassScope scope;
    long id;
    synchronized (lock) {
      if (stopped || queued == null) {
        return;
      }
      scope = queued;
      queued = null;
      current = scope;
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
    try {
      notify(() -> observer.passStarted(id, scope));
      SyncReport report = pass.run(scope.mappings(), listener);
      notify(() -> observer.passFinished(id, scope, report));
    } catch (RuntimeException e) {
      notify(() -> observer.passFailed(id, scope, e));
    } catch (Error e) {
      // an Error (a bug in the engine, a missing class) must be recorded like any failure, or the
      // mappings
      // would stay "planning" forever; the executor would swallow it anyway
      log.error("Pass {} failed with an error", id, e);
      RuntimeException wrapped = new IllegalStateException(e.toString(), e);
      notify(() -> observer.passFailed(id, scope, wrapped));
    } finally {
      synchronized (lock) {
        current = null;
        if (scope.isAll() && !stopped) {
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

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // an observer bug must not stop the schedule
      log.error("Pass observer failed", e);
    }
  }
}
