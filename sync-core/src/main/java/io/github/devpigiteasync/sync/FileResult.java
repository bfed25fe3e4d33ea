package io.github.devpigiteasync.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one file in a pass.
 *
 * @param project PEP 503 canonical project name
 * @param version version string as in the file name
 * @param filename file name
 * @param outcome what happened
 * @param reason why (skip reason, conflict detail, error text); {@code ""} for a plain upload
 * @param bytes bytes uploaded (0 unless uploaded)
 * @param duration time spent on the file (zero unless transferred)
 */
public record FileResult(
    String project,
    String version,
    String filename,
    Outcome outcome,
    String reason,
    long bytes,
    Duration duration) {

  /** What happened to one file. */
  public enum Outcome {
    /** Uploaded to devpi in this pass. */
    UPLOADED,
    /** Already in devpi with the same bytes. */
    PRESENT,
    /** devpi holds different bytes under that name; not overwritten. */
    CONFLICT,
    /** Filtered out. */
    SKIPPED,
    /** A dry run would upload it. */
    PLANNED,
    /** The transfer failed; {@link FileResult#reason()} says why. */
    FAILED
  }

  public FileResult {
    Objects.requireNonNull(project, "project == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(duration, "duration == null");
  }

  static FileResult of(
      PlannedFile file, Outcome outcome, String reason, long bytes, Duration duration) {
    return new FileResult(
        file.project(), file.version(), file.filename(), outcome, reason, bytes, duration);
  }
}
