package io.github.devpigiteasync.server;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the dashboard shows, at one instant; served as JSON by {@code GET /api/status}.
 *
 * @param version the tool's version
 * @param now when the snapshot was taken
 * @param startedAt when the server started
 * @param dryRun whether passes only plan
 * @param schedulerRunning whether the scheduler accepts work
 * @param passRunning whether a pass runs now
 * @param lastRun when the last pass finished, or null before the first one
 * @param nextRun when the next scheduled pass starts, or null while one runs
 * @param mappings one entry per selected mapping, in config order
 * @param runs the most recent passes, newest first
 */
public record StatusSnapshot(
    String version,
    Instant now,
    Instant startedAt,
    boolean dryRun,
    boolean schedulerRunning,
    boolean passRunning,
    @Nullable Instant lastRun,
    @Nullable Instant nextRun,
    List<MappingStatus> mappings,
    List<RunSummary> runs) {

  public StatusSnapshot {
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(now, "now == null");
    Objects.requireNonNull(startedAt, "startedAt == null");
    mappings = List.copyOf(mappings);
    runs = List.copyOf(runs);
  }

  /**
   * One mapping's live state.
   *
   * @param state {@code idle}, {@code planning}, {@code syncing}, {@code ok} or {@code failed}
   * @param filesDone files finished in the running pass
   * @param filesTotal files to transfer in the running pass
   * @param transfers files being transferred now
   * @param lastRun the mapping's last finished run, or null
   * @param lastSuccess when the mapping last finished without failure, or null
   * @param source the Gitea URL's server as detected at the last plan ({@code Forgejo 15.0.3},
   *     {@code Gitea 1.24.7}), or null before the first plan
   * @param lastError the last error text (secrets redacted), or null after a success
   * @param files per package/version/file status, sorted; empty when not requested
   */
  public record MappingStatus(
      String name,
      String organization,
      String index,
      String devpiServer,
      @Nullable String source,
      String state,
      long filesDone,
      long filesTotal,
      List<Transfer> transfers,
      @Nullable LastRun lastRun,
      @Nullable Instant lastSuccess,
      @Nullable String lastError,
      long fileCount,
      List<FileStatus> files) {
    public MappingStatus {
      transfers = List.copyOf(transfers);
      files = List.copyOf(files);
    }
  }

  /**
   * A file being transferred.
   *
   * @param phase {@code download} or {@code upload}
   * @param size the file size in bytes, or -1 when unknown
   */
  public record Transfer(
      String project, String version, String filename, String phase, long bytesDone, long size) {}

  /** The counts of one mapping's last finished run. */
  public record LastRun(
      Instant started,
      long durationMillis,
      boolean succeeded,
      long uploaded,
      long present,
      long conflict,
      long skipped,
      long failed,
      long planned,
      long bytes) {}

  /**
   * The latest known status of one file.
   *
   * @param status {@code uploaded}, {@code present}, {@code conflict}, {@code skipped}, {@code
   *     planned}, {@code failed}, {@code pending} (to upload) or {@code transferring}
   * @param reason why (for skipped, conflict and failed files); may be empty
   */
  public record FileStatus(
      String project, String version, String filename, String status, String reason, long bytes) {}

  /**
   * One finished pass.
   *
   * @param id the pass's id: the history store's run id, or this daemon's pass number when nothing
   *     is recorded
   * @param trigger what asked for it, e.g. {@code api,webhook}
   */
  public record RunSummary(
      String id,
      Instant started,
      Instant finished,
      long durationMillis,
      String trigger,
      List<String> mappings,
      boolean dryRun,
      boolean succeeded,
      long files,
      long uploaded,
      long failed,
      long bytes,
      @Nullable String error) {
    public RunSummary {
      mappings = List.copyOf(mappings);
    }
  }
}
