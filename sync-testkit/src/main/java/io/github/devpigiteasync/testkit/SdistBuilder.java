package io.github.devpigiteasync.testkit;

import io.github.devpigiteasync.testkit.internal.DistSpec;
import io.github.devpigiteasync.testkit.internal.DistWriter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Builds an sdist with {@code PKG-INFO}, {@code pyproject.toml} and a module file. Not thread-safe;
 * {@link #build()} may be called more than once.
 */
public final class SdistBuilder {
  private final Path dir;
  private final DistSpec spec;

  SdistBuilder(Path dir, String name, String version) {
    this.dir = dir;
    this.spec = new DistSpec(name, version);
  }

  /** Sets {@code Requires-Python} (default: none). */
  public SdistBuilder requiresPython(String value) {
    spec.requiresPython = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Sets {@code Summary}. */
  public SdistBuilder summary(String value) {
    spec.summary = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Sets {@code Author}. */
  public SdistBuilder author(String value) {
    spec.author = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Sets {@code License}. */
  public SdistBuilder license(String value) {
    spec.license = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Sets the description body that follows the headers. */
  public SdistBuilder description(String value) {
    spec.description = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Adds one {@code Requires-Dist} line. */
  public SdistBuilder requiresDist(String requirement) {
    spec.requiresDist.add(Objects.requireNonNull(requirement, "requirement == null"));
    return this;
  }

  /** Adds one {@code Classifier} line. */
  public SdistBuilder classifier(String classifier) {
    spec.classifiers.add(Objects.requireNonNull(classifier, "classifier == null"));
    return this;
  }

  /** Adds an uncompressed member of {@code bytes} pseudo-random bytes, written as a stream. */
  public SdistBuilder padding(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes < 0");
    }
    spec.padding = bytes;
    return this;
  }

  /** Seeds the padding bytes (default 1), to get different content under the same file name. */
  public SdistBuilder seed(long seed) {
    spec.seed = seed;
    return this;
  }

  /** Writes a {@code .zip} sdist instead of {@code .tar.gz}. */
  public SdistBuilder zip(boolean zip) {
    spec.zip = zip;
    return this;
  }

  /** Writes the file and returns it. */
  public Dist build() {
    return DistWriter.sdist(dir, spec);
  }
}
