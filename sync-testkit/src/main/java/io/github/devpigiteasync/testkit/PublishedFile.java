package io.github.devpigiteasync.testkit;

import java.util.Objects;

/**
 * A file stored in {@link FakeGitea}.
 *
 * @param owner the owning user or org
 * @param packageName the stored package name ({@code .}/{@code _} replaced by {@code -}, case kept)
 * @param version the version string as published
 * @param filename the file name
 * @param size size in bytes
 * @param sha256 lower-case hex SHA-256
 * @param versionId the package version id (the {@code id} in the package list)
 * @param fileId the file id
 * @param downloadUrl the absolute download URL, built from the ROOT_URL as the simple page does
 */
public record PublishedFile(
    String owner,
    String packageName,
    String version,
    String filename,
    long size,
    String sha256,
    long versionId,
    long fileId,
    String downloadUrl) {
  public PublishedFile {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(packageName, "packageName == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(sha256, "sha256 == null");
    Objects.requireNonNull(downloadUrl, "downloadUrl == null");
  }
}
