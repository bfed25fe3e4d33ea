package io.github.devpigiteasync.testkit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Builds realistic wheels and sdists into one directory.
 *
 * <pre>{@code
 * Distributions dists = Distributions.in(tempDir);
 * Dist wheel = dists.wheel("Foo.Bar", "1.0.0").requiresPython(">=3.8").requiresDist("requests>=2").build();
 * Dist sdist = dists.sdist("Foo.Bar", "1.0.0").padding(300L << 20).build();   // streamed, memory stays flat
 * }</pre>
 *
 * <p>Builds are reproducible: the same settings give byte-identical files (use {@code seed} or
 * {@code summary} to get different bytes under the same file name). An existing file of the same
 * name is replaced.
 */
public final class Distributions {
  private final Path dir;

  private Distributions(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir == null");
  }

  /** Returns a builder factory writing into {@code dir} (created if missing). */
  public static Distributions in(Path dir) {
    return new Distributions(dir);
  }

  /**
   * Starts a wheel; the file name escapes the name per PEP 427 ({@code Foo.Bar} becomes {@code
   * Foo_Bar}).
   */
  public WheelBuilder wheel(String name, String version) {
    return new WheelBuilder(dir, name, version);
  }

  /** Starts a {@code .tar.gz} sdist ({@code .zip} with {@link SdistBuilder#zip(boolean)}). */
  public SdistBuilder sdist(String name, String version) {
    return new SdistBuilder(dir, name, version);
  }
}
