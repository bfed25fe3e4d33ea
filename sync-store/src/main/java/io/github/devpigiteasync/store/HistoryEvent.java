package io.github.devpigiteasync.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * One file event that changed something (or tried to): an upload, a failure or a conflict. Files
 * found already present or skipped are not recorded one by one; the pass's {@link RunRecord} counts
 * them.
 *
 * @param time when the file reached its outcome
 * @param run the {@link RunRecord#id()} of the pass
 * @param seq the event's number within its pass (newest-first order breaks ties with it)
 * @param mapping mapping name
 * @param organization Gitea organization read
 * @param index devpi index written, {@code user/name}
 * @param project PEP 503 canonical project name
 * @param version version as in the file name
 * @param filename file name
 * @param sha256 lower-case hex sha256 Gitea published; {@code ""} when not known
 * @param bytes the file's size in bytes ({@code 0} when not known)
 * @param outcome what happened
 * @param reason why (error text, conflict detail); {@code ""} for a plain upload
 */
public record HistoryEvent(
    Instant time,
    String run,
    int seq,
    String mapping,
    String organization,
    String index,
    String project,
    String version,
    String filename,
    String sha256,
    long bytes,
    Outcome outcome,
    String reason) {

  /** The recorded file outcomes. */
  public enum Outcome {
    UPLOADED,
    FAILED,
    CONFLICT;

    /** The lower-case name for JSON and query parameters, e.g. {@code conflict}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public HistoryEvent {
    // the store keeps milliseconds; a record reads back equal to the one recorded
    time = Objects.requireNonNull(time, "time == null").truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(run, "run == null");
    Objects.requireNonNull(mapping, "mapping == null");
    Objects.requireNonNull(organization, "organization == null");
    Objects.requireNonNull(index, "index == null");
    Objects.requireNonNull(project, "project == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(sha256, "sha256 == null");
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(reason, "reason == null");
  }
}
