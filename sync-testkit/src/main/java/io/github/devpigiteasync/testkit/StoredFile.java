package io.github.devpigiteasync.testkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A release file held by one {@link FakeDevpi} index.
 *
 * @param project the normalised project name (PEP 503)
 * @param version the version string as uploaded
 * @param filename the file name
 * @param sha256 lower-case hex SHA-256 of the stored bytes
 * @param size size in bytes
 * @param metadata the version's metadata fields that are not empty (single-value fields as
 *     one-element lists)
 */
public record StoredFile(
    String project,
    String version,
    String filename,
    String sha256,
    long size,
    Map<String, List<String>> metadata) {
  public StoredFile {
    Objects.requireNonNull(project, "project == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(sha256, "sha256 == null");
    metadata = Map.copyOf(metadata);
  }

  /** Returns the first value of a metadata field, or {@code ""}. */
  public String field(String name) {
    List<String> values = metadata.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
