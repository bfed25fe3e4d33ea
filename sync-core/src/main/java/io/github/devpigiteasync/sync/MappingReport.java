package io.github.devpigiteasync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one mapping in a pass.
 *
 * @param mapping mapping name
 * @param organization Gitea organization read
 * @param index devpi index written
 * @param devpiServer devpi server name
 * @param error why the mapping as a whole failed (configuration error, server unreachable)
 * @param files per-file outcomes
 * @param started when the mapping's pass started
 * @param duration how long it took, planning included
 */
public record MappingReport(
    String mapping,
    String organization,
    String index,
    String devpiServer,
    Optional<String> error,
    List<FileResult> files,
    Instant started,
    Duration duration) {

  public MappingReport {
    Objects.requireNonNull(mapping, "mapping == null");
    Objects.requireNonNull(organization, "organization == null");
    Objects.requireNonNull(index, "index == null");
    Objects.requireNonNull(devpiServer, "devpiServer == null");
    Objects.requireNonNull(error, "error == null");
    files = List.copyOf(Objects.requireNonNull(files, "files == null"));
    Objects.requireNonNull(started, "started == null");
    Objects.requireNonNull(duration, "duration == null");
  }

  /** True when the mapping ran and no file failed; conflicts and skips are not failures. */
  public boolean succeeded() {
    return error.isEmpty() && count(FileResult.Outcome.FAILED) == 0;
  }

  /** How many files had the given outcome. */
  public long count(FileResult.Outcome outcome) {
    return files.stream().filter(f -> f.outcome() == outcome).count();
  }

  /** Bytes uploaded by this mapping. */
  public long bytesUploaded() {
    return files.stream().mapToLong(FileResult::bytes).sum();
  }
}
