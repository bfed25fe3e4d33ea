package io.github.devpigiteasync.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One recorded pass: one row per pass, however many files it looked at.
 *
 * @param id unique, time-ordered id
 * @param triggers what asked for the pass (a pass may serve several requests)
 * @param started when it started
 * @param finished when it ended
 * @param outcome how it went
 * @param dryRun whether it only planned
 * @param mappings the mappings it covered, in configuration order
 * @param counts files per outcome
 * @param bytes bytes uploaded
 * @param error why mappings or the whole pass failed; empty when nothing failed
 */
public record RunRecord(
    String id,
    Set<Trigger> triggers,
    Instant started,
    Instant finished,
    Outcome outcome,
    boolean dryRun,
    List<String> mappings,
    Counts counts,
    long bytes,
    Optional<String> error) {

  /** How a pass went. */
  public enum Outcome {
    /** Every mapping ran and no file failed (conflicts and skips are not failures). */
    SUCCEEDED,
    /** Some mappings or files failed, others did not. */
    PARTIAL,
    /** Nothing succeeded, or the pass itself failed. */
    FAILED;

    /** The lower-case name for JSON, e.g. {@code partial}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Files per outcome in one pass.
   *
   * @param uploaded uploaded to devpi
   * @param present already there with the same bytes
   * @param conflict different bytes under the same name in devpi
   * @param failed transfer failed
   * @param skipped filtered out
   * @param planned a dry run would upload them
   */
  public record Counts(
      long uploaded, long present, long conflict, long failed, long skipped, long planned) {

    /** No files at all. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0);
  }

  public RunRecord {
    Objects.requireNonNull(id, "id == null");
    triggers = Set.copyOf(Objects.requireNonNull(triggers, "triggers == null"));
    // the store keeps milliseconds; a record reads back equal to the one recorded
    started = Objects.requireNonNull(started, "started == null").truncatedTo(ChronoUnit.MILLIS);
    // the store keeps milliseconds; a record reads back equal to the one recorded
    finished = Objects.requireNonNull(finished, "finished == null").truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(outcome, "outcome == null");
    mappings = List.copyOf(Objects.requireNonNull(mappings, "mappings == null"));
    Objects.requireNonNull(counts, "counts == null");
    Objects.requireNonNull(error, "error == null");
  }

  /** How long the pass took. */
  public Duration duration() {
    return Duration.between(started, finished);
  }
}
