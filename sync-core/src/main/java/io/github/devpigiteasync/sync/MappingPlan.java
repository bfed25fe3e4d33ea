package io.github.devpigiteasync.sync;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one mapping's pass will do.
 *
 * @param mapping mapping name
 * @param organization Gitea organization (or user) read
 * @param index devpi index written, {@code user/index}
 * @param devpiServer name of the devpi server section ({@code default} for {@code [devpi]})
 * @param files every file seen, in a stable order (project, version, file name)
 * @param error why planning failed for this mapping (configuration error, server down); files are
 *     then empty
 * @param planningTime how long planning this mapping took
 */
public record MappingPlan(
    String mapping,
    String organization,
    String index,
    String devpiServer,
    List<PlannedFile> files,
    Optional<String> error,
    Duration planningTime) {

  public MappingPlan {
    Objects.requireNonNull(mapping, "mapping == null");
    Objects.requireNonNull(organization, "organization == null");
    Objects.requireNonNull(index, "index == null");
    Objects.requireNonNull(devpiServer, "devpiServer == null");
    files = List.copyOf(Objects.requireNonNull(files, "files == null"));
    Objects.requireNonNull(error, "error == null");
    Objects.requireNonNull(planningTime, "planningTime == null");
  }

  /** A plan whose planning time is not known (zero). */
  public MappingPlan(
      String mapping,
      String organization,
      String index,
      String devpiServer,
      List<PlannedFile> files,
      Optional<String> error) {
    this(mapping, organization, index, devpiServer, files, error, Duration.ZERO);
  }

  /** The files with the given action. */
  public List<PlannedFile> files(PlannedFile.Action action) {
    return files.stream().filter(f -> f.action() == action).toList();
  }

  /** How many files have the given action. */
  public long count(PlannedFile.Action action) {
    return files.stream().filter(f -> f.action() == action).count();
  }

  /** Bytes the pass will transfer. */
  public long bytesToUpload() {
    return files.stream()
        .filter(f -> f.action() == PlannedFile.Action.UPLOAD)
        .mapToLong(f -> Math.max(0, f.size()))
        .sum();
  }

  /** Whether planning failed for this mapping. */
  public boolean failed() {
    return error.isPresent();
  }
}
