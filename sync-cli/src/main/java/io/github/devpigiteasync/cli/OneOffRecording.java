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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a one-off run in the configured history store. Only {@link SyncCli} creates it, and only
 * when recording is on, so a run with {@code [store] url = none} loads no store class. A store
 * problem never fails the run: it is logged once, without secrets.
 */
final class OneOffRecording implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OneOffRecording.class);

  /** How long the run may wait at exit for its rows to be written. */
  static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);

  private final @Nullable HistoryStore store;
  private final @Nullable RunRecorder recorder;
  private boolean warned;

  private OneOffRecording(@Nullable HistoryStore store) {
    this.store = store;
    this.recorder = store == null ? null : store.startRun(Set.of(Trigger.ONE_OFF));
  }

  /** Opens the configured store; when it cannot be opened, records nothing (and says so once). */
  static OneOffRecording open(SyncConfig config) {
    try {
      return new OneOffRecording(
          HistoryStore.builder(StoreOptions.from(config))
              .redaction(Redactor.of(config.secrets()))
              .closeTimeout(Duration.ofSeconds(2))
              .open());
    } catch (StoreException | IllegalArgumentException e) {
      log.warn("History not recorded: {}", e.getMessage());
      return new OneOffRecording(null);
    }
  }

  /** The run's listener: {@code progress} plus the recorder. */
  SyncListener listener(SyncListener progress) {
    return recorder == null ? progress : progress.andThen(recorder);
  }

  void finish(SyncReport report) {
    if (recorder != null) {
      recorder.finish(report);
    }
  }

  void fail(String error) {
    if (recorder != null) {
      recorder.fail(error);
    }
  }

  /** Writes what was recorded (bounded) and closes the store. */
  @Override
  public void close() {
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
