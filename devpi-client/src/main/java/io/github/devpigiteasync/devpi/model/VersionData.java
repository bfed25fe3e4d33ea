package io.github.devpigiteasync.devpi.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a project as devpi lists it, with its release files.
 *
 * <p>A version registered without files (for example by {@code :action=submit}) has an empty {@link
 * #files()} list: "the version exists" does not mean "it has files".
 *
 * @param name the project name as last uploaded (not necessarily normalised)
 * @param version the version string exactly as stored
 * @param requiresPython the {@code requires_python} metadata, empty when unset
 * @param files the files with {@code rel == "releasefile"}, in server order
 */
public record VersionData(
    String name, String version, Optional<String> requiresPython, List<ReleaseFile> files) {

  public VersionData {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(requiresPython, "requiresPython == null");
    files = List.copyOf(files);
  }
}
