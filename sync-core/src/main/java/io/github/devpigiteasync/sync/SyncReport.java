package io.github.devpigiteasync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a pass.
 *
 * @param started when the pass started, planning included
 * @param finished when it finished
 * @param dryRun whether nothing was written (files that would be uploaded are {@code PLANNED})
 * @param mappings one report per mapping, in configuration order
 */
public record SyncReport(
    Instant started, Instant finished, boolean dryRun, List<MappingReport> mappings) {
  public SyncReport {
    Objects.requireNonNull(started, "started == null");
    Objects.requireNonNull(finished, "finished == null");
    mappings = List.copyOf(Objects.requireNonNull(mappings, "mappings == null"));
  }

  /** True when every mapping succeeded. */
  public boolean succeeded() {
    return mappings.stream().allMatch(MappingReport::succeeded);
  }

  /** How long the pass took. */
  public Duration duration() {
    return Duration.between(started, finished);
  }

  /** How many files had the given outcome across all mappings. */
  public long count(FileResult.Outcome outcome) {
    return mappings.stream().mapToLong(m -> m.count(outcome)).sum();
  }

  /** Bytes uploaded across all mappings. */
  public long bytesUploaded() {
    return mappings.stream().mapToLong(MappingReport::bytesUploaded).sum();
  }
}
