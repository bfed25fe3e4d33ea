package io.github.devpigiteasync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of {@link SyncEngine#plan}: per mapping, what a pass would do. Planning makes no
 * writes, so a dry run is a plan that is never applied.
 *
 * @param createdAt when planning finished
 * @param options the options the plan was made with
 * @param mappings one plan per selected mapping, in configuration order
 */
public record SyncPlan(Instant createdAt, SyncOptions options, List<MappingPlan> mappings) {
  public SyncPlan {
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(options, "options == null");
    mappings = List.copyOf(Objects.requireNonNull(mappings, "mappings == null"));
  }

  /** Files to upload across all mappings. */
  public long filesToUpload() {
    return mappings.stream().mapToLong(m -> m.count(PlannedFile.Action.UPLOAD)).sum();
  }

  /** Bytes to upload across all mappings. */
  public long bytesToUpload() {
    return mappings.stream().mapToLong(MappingPlan::bytesToUpload).sum();
  }
}
