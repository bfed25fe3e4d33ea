package io.github.devpigiteasync.gitea.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A completed, verified download.
 *
 * @param path where the file now is
 * @param size number of bytes written
 * @param sha256 lower-case hex SHA-256 of the bytes written
 */
public record DownloadResult(Path path, long size, String sha256) {
  public DownloadResult {
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(sha256, "sha256 == null");
  }
}
