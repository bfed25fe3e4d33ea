package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.RunRecorder;
import io.github.devpigiteasync.store.StoreException;
import io.github.devpigiteasync.store.StoreHealth;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.store.Trigger;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Redactor;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a one-off run in the configured history store. Only {@link SyncCli} creates it, and only
 * when recording is on, so a run with {@code [store] url = none} loads no store class. The store
 * opens on a thread of its own while the run plans (loading the database driver takes a few tenths
 * of a second); the run waits for it only when it starts applying the plan. A store problem never
 * fails the run: it is logged once, without secrets.
 */
final class OneOffRecording implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OneOffRecording.class);

  /** How long the run may wait at exit for its rows to be written. */
  static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

  private final CompletableFuture<Opened> opening;
  private boolean warned;

  /** An open store and the run's recorder; both null when the store could not be opened. */
  private record Opened(@Nullable HistoryStore store, @Nullable RunRecorder recorder) {}

  private OneOffRecording(CompletableFuture<Opened> opening) {
    this.opening = opening;
  }

  /**
   * Starts opening the configured store in the background; when it cannot be opened, records
   * nothing (and says so once).
   */
  static OneOffRecording open(SyncConfig config) {
    CompletableFuture<Opened> opening = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                opening.complete(openNow(config));
              } catch (RuntimeException | Error e) {
                opening.completeExceptionally(e);
              }
            },
            "history-open");
    t.setDaemon(true);
    t.start();
    return new OneOffRecording(opening);
  }

  private static Opened openNow(SyncConfig config) {
    HistoryStore store;
    try {
      store =
          HistoryStore.builder(StoreOptions.from(config))
              .redaction(Redactor.of(config.secrets()))
              .closeTimeout(Duration.ofSeconds(2))
              .open();
    } catch (StoreException | IllegalArgumentException e) {
      log.warn("History not recorded: {}", e.getMessage());
      return new Opened(null, null);
    }
    return new Opened(store, store.startRun(Set.of(Trigger.ONE_OFF)));
  }

  private Opened opened() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return opening.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          throw (Error) cause;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The run's listener: {@code progress} plus the recorder. */
  SyncListener listener(SyncListener progress) {
    RunRecorder recorder = opened().recorder();
    return recorder == null ? progress : progress.andThen(recorder);
  }

  void finish(SyncReport report) {
    RunRecorder recorder = opened().recorder();
    if (recorder != null) {
      recorder.finish(report);
    }
  }

  void fail(String error) {
    RunRecorder recorder = opened().recorder();
    if (recorder != null) {
      recorder.fail(error);
    }
  }

  /** Writes what was recorded (bounded) and closes the store. */
  @Override
  public void close() {
    HistoryStore store = opened().store();
    if (store == null) {
      return;
    }
    try {
      if (!store.flush(FLUSH_TIMEOUT)) {
        warn(store.health());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      store.close();
    }
  }

  private void warn(StoreHealth health) {
    if (!warned) {
      warned = true;
      log.warn(
          "History not recorded: {}", health.reason().orElse("the history store did not answer"));
    }
  }
}
