package io.github.devpigiteasync.devpi.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One release file (wheel or sdist) stored in devpi.
 *
 * @param filename the file name, the last path segment of {@code href}
 * @param href the absolute URL of the file, as devpi reports it
 * @param version the version the file belongs to
 * @param sha256 the lower-case hex sha256 from {@code hashes.sha256}, or from {@code hash_spec} on
 *     servers before 6.18; empty if the server reported neither
 * @param stage the index that holds the file, as {@code user/index}, taken from the {@code href}
 *     (differs from the queried index for files inherited through bases)
 */
public record ReleaseFile(
    String filename, String href, String version, Optional<String> sha256, String stage) {

  public ReleaseFile {
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(href, "href == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(sha256, "sha256 == null");
    Objects.requireNonNull(stage, "stage == null");
  }
}
