package io.github.devpigiteasync.testkit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A distribution file written by {@link Distributions}.
 *
 * @param filename the file name, for example {@code Foo_Bar-1.0.0-py3-none-any.whl}
 * @param path where the file is
 * @param size its size in bytes
 * @param sha256 lower-case hex SHA-256 of the file
 * @param name the project name as given to the builder (not normalised)
 * @param version the version as given
 * @param requiresPython the {@code Requires-Python} value, {@code ""} if none
 */
public record Dist(
    String filename,
    Path path,
    long size,
    String sha256,
    String name,
    String version,
    String requiresPython) {
  public Dist {
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(sha256, "sha256 == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(requiresPython, "requiresPython == null");
  }
}
