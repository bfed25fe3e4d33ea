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
 * @param target where the files are read and written, as resolved when planning; what {@link
 *     SyncEngine#apply} uses, so a plan applies to the servers it was made against. Empty when
 *     planning failed or the plan was built by hand (such a plan cannot be applied)
 */
public record MappingPlan(
    String mapping,
    String organization,
    String index,
    String devpiServer,
    List<PlannedFile> files,
    Optional<String> error,
    Duration planningTime,
    Optional<MappingTarget> target) {

  public MappingPlan {
    Objects.requireNonNull(mapping, "mapping == null");
    Objects.requireNonNull(organization, "organization == null");
    Objects.requireNonNull(index, "index == null");
    Objects.requireNonNull(devpiServer, "devpiServer == null");
    files = List.copyOf(Objects.requireNonNull(files, "files == null"));
    Objects.requireNonNull(error, "error == null");
    Objects.requireNonNull(planningTime, "planningTime == null");
    Objects.requireNonNull(target, "target == null");
  }

  /** A plan without a target (it cannot be applied). */
  public MappingPlan(
      String mapping,
      String organization,
      String index,
      String devpiServer,
      List<PlannedFile> files,
      Optional<String> error,
      Duration planningTime) {
    this(mapping, organization, index, devpiServer, files, error, planningTime, Optional.empty());
  }

  /** A plan without a target whose planning time is not known (zero). */
  public MappingPlan(
      String mapping,
      String organization,
      String index,
      String devpiServer,
      List<PlannedFile> files,
      Optional<String> error) {
    this(mapping, organization, index, devpiServer, files, error, Duration.ZERO, Optional.empty());
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
