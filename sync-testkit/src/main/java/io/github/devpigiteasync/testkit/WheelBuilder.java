package io.github.devpigiteasync.testkit;

import io.github.devpigiteasync.testkit.internal.DistSpec;
import io.github.devpigiteasync.testkit.internal.DistWriter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Builds a wheel with {@code METADATA}, {@code WHEEL}, {@code RECORD} and a module file. Not
 * thread-safe; {@link #build()} may be called more than once.
 */
public final class WheelBuilder {
  private final Path dir;
  private final DistSpec spec;

  WheelBuilder(Path dir, String name, String version) {
    this.dir = dir;
    this.spec = new DistSpec(name, version);
  }

  /** Sets {@code Requires-Python} (default: none). */
  public WheelBuilder requiresPython(String value) {
    spec.requiresPython = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Sets {@code Summary}. */
  public WheelBuilder summary(String value) {
    spec.summary = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Sets {@code Author}. */
  public WheelBuilder author(String value) {
    spec.author = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Sets {@code License}. */
  public WheelBuilder license(String value) {
    spec.license = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Sets the description body that follows the headers. */
  public WheelBuilder description(String value) {
    spec.description = Objects.requireNonNull(value, "value == null");
    return this;
  }

  /** Adds one {@code Requires-Dist} line. */
  public WheelBuilder requiresDist(String requirement) {
    spec.requiresDist.add(Objects.requireNonNull(requirement, "requirement == null"));
    return this;
  }

  /** Adds one {@code Classifier} line. */
  public WheelBuilder classifier(String classifier) {
    spec.classifiers.add(Objects.requireNonNull(classifier, "classifier == null"));
    return this;
  }

  /** Adds an uncompressed member of {@code bytes} pseudo-random bytes, written as a stream. */
  public WheelBuilder padding(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes < 0");
    }
    spec.padding = bytes;
    return this;
  }

  /** Seeds the padding bytes (default 1), to get different content under the same file name. */
  public WheelBuilder seed(long seed) {
    spec.seed = seed;
    return this;
  }

  /** Sets the compatibility tag (default {@code py3-none-any}). */
  public WheelBuilder tag(String tag) {
    if (!tag.matches("[A-Za-z0-9_.]+-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+")) {
      throw new IllegalArgumentException("tag must look like py3-none-any: " + tag);
    }
    spec.tag = tag;
    return this;
  }

  /** Writes the file and returns it. */
  public Dist build() {
    return DistWriter.wheel(dir, spec);
  }
}
