package io.github.devpigiteasync.sync;

import java.util.Objects;

/**
 * One distribution file seen in Gitea and what a sync pass will do with it.
 *
 * @param project PEP 503 canonical project name
 * @param version version string exactly as in the file name
 * @param filename the file name as stored in Gitea
 * @param size size in bytes, or {@code -1} when not known (skipped files)
 * @param sha256 lower-case hex sha256 published by Gitea, or {@code ""} when not known
 * @param action what the pass does with the file
 * @param reason why a file is skipped, present, in conflict or forced; {@code ""} for a plain
 *     upload
 * @param giteaPackage the package name as Gitea stores it
 * @param giteaVersion the version string as Gitea stores it
 */
public record PlannedFile(
    String project,
    String version,
    String filename,
    long size,
    String sha256,
    Action action,
    String reason,
    String giteaPackage,
    String giteaVersion) {

  /** What a pass does with one file. */
  public enum Action {
    /** Missing in devpi (or forced): download, verify and upload it. */
    UPLOAD,
    /** devpi already holds the same bytes. */
    PRESENT,
    /** devpi holds a file of that name with different bytes; never overwritten without force. */
    CONFLICT,
    /** Filtered out; {@link PlannedFile#reason()} says why. */
    SKIP
  }

  public PlannedFile {
    Objects.requireNonNull(project, "project == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(sha256, "sha256 == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(giteaPackage, "giteaPackage == null");
    Objects.requireNonNull(giteaVersion, "giteaVersion == null");
  }
}
