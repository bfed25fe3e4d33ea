package io.github.devpigiteasync.sync;

import io.github.devpigiteasync.sync.internal.FanOutListener;
import java.util.Objects;

/**
 * Receives progress events from {@link SyncEngine}. Transfers run in parallel, so implementations
 * must be thread-safe. Every method has an empty default; an exception thrown by a listener is
 * logged and ignored.
 */
public interface SyncListener {
  /** A listener that ignores every event. */
  SyncListener NONE = new SyncListener() {};

  /**
   * Which part of a transfer a progress event is about: with {@code transfer_mode = staged} a file
   * is downloaded, then uploaded; with {@code streaming} each byte is downloaded and uploaded at
   * once ({@code TRANSFER}), and a resend from the staged copy counts again from zero.
   */
  enum Phase {
    DOWNLOAD,
    UPLOAD,
    TRANSFER
  }

  /** Planning of one mapping finished (successfully or not). */
  default void mappingPlanned(MappingPlan plan) {}

  /** Transfers of one mapping are about to start. */
  default void mappingStarted(MappingPlan plan) {}

  /** A file transfer started. */
  default void fileStarted(MappingPlan mapping, PlannedFile file) {}

  /** Bytes moved so far in one phase of a file transfer. */
  default void fileProgress(MappingPlan mapping, PlannedFile file, Phase phase, long bytesDone) {}

  /**
   * A file reached its outcome (every planned file gets exactly one such event, skipped ones
   * included).
   */
  default void fileFinished(MappingPlan mapping, FileResult result) {}

  /** A mapping finished. */
  default void mappingFinished(MappingReport report) {}

  /**
   * A listener that sends every event to this one, then to {@code next}: for example the terminal's
   * progress and the history store's recorder of the same pass.
   */
  default SyncListener andThen(SyncListener next) {
    return new FanOutListener(this, Objects.requireNonNull(next, "next == null"));
  }
}
