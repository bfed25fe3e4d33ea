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
 * @param reasonCode why, for programs: which rule dropped the file, or why it is present, in
 *     conflict or forced; {@link ReasonCode#NONE} for a plain upload or present file
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
    String giteaVersion,
    ReasonCode reasonCode) {

  /** What a pass does with one file. */
  public enum Action {
    /** Missing in devpi (or forced): download, verify and upload it. */
    UPLOAD,
    /** devpi already holds the same bytes. */
    PRESENT,
    /** devpi holds a file of that name with different bytes; overwritten only when forced. */
    CONFLICT,
    /** Filtered out; {@link PlannedFile#reason()} says why. */
    SKIP
  }

  /**
   * Why a file gets its action, as a stable code; {@link PlannedFile#reason()} says it in words.
   * Front ends may word a code their own way (naming their own flags, for instance).
   */
  public enum ReasonCode {
    /** A plain upload or a present file: nothing to explain. */
    NONE,
    /** Not a wheel or sdist. */
    NOT_A_DISTRIBUTION,
    /** The mapping lists repositories, and the package is linked to none (or it is hidden). */
    REPOSITORY_NOT_LINKED,
    /** The package's repository is not in the mapping's {@code repositories}. */
    REPOSITORY_NOT_LISTED,
    /** The package's repository is archived and {@code include_archived} is off. */
    REPOSITORY_ARCHIVED,
    /** The package name matches none of the mapping's {@code packages} globs. */
    PACKAGE_NOT_INCLUDED,
    /** The package name matches one of the mapping's {@code exclude_packages} globs. */
    PACKAGE_EXCLUDED,
    /** The package name matches none of the run's package filters ({@link SyncOptions}). */
    PACKAGE_FILTER,
    /** The mapping's {@code file_types} exclude the file's type. */
    FILE_TYPE,
    /** The file name does not belong to the Gitea package it is listed under. */
    FOREIGN_FILE_NAME,
    /** The version in the file name differs from the Gitea version. */
    VERSION_MISMATCH,
    /** Another Gitea package publishes the same file name. */
    DUPLICATE_FILE_NAME,
    /** Gitea publishes no sha256 for the file. */
    NO_SHA256,
    /** The file disappeared from Gitea while planning. */
    VANISHED,
    /** devpi holds different bytes under this name, and force re-upload is off. */
    DIFFERENT_BYTES,
    /** Uploaded again because force re-upload is on, though devpi holds the same bytes. */
    FORCED_SAME_BYTES,
    /** Uploaded over different bytes because force re-upload is on. */
    FORCED_DIFFERENT_BYTES,
    /** Any other reason (plans built by hand); see the text. */
    OTHER
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
    Objects.requireNonNull(reasonCode, "reasonCode == null");
  }

  /**
   * A file whose reason has no code: {@link ReasonCode#NONE} when {@code reason} is empty, else
   * {@link ReasonCode#OTHER}.
   */
  public PlannedFile(
      String project,
      String version,
      String filename,
      long size,
      String sha256,
      Action action,
      String reason,
      String giteaPackage,
      String giteaVersion) {
    this(
        project,
        version,
        filename,
        size,
        sha256,
        action,
        reason,
        giteaPackage,
        giteaVersion,
        reason.isEmpty() ? ReasonCode.NONE : ReasonCode.OTHER);
  }
}
