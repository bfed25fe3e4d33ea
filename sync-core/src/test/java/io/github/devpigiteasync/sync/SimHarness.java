package io.github.devpigiteasync.sync;

import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.Distributions;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A stateful Gitea and devpi on loopback, a distribution builder, and engines over an INI config
 * written for them. The config goes through the real parser, so the tests exercise the same path as
 * a config file.
 */
final class SimHarness implements AutoCloseable {
  static final String GITEA_TOKEN = "gitea-secret-token-0123456789";
  static final String DEVPI_PASSWORD = "pw-for-ci-0123";

  final FakeGitea gitea;
  final FakeDevpi devpi;
  final Distributions dists;
  final Path dir;
  final Path staging;
  final Map<String, String> env = new HashMap<>();

  SimHarness(Path dir) {
    this(dir, FakeGitea.builder());
  }

  SimHarness(Path dir, FakeGitea.Builder giteaBuilder) {
    this.dir = dir;
    this.staging = dir.resolve("staging");
    this.gitea = giteaBuilder.build();
    this.devpi = FakeDevpi.builder().build();
    this.dists = Distributions.in(mkdirs(dir.resolve("dists")));
    gitea.owner("acme", false).token(GITEA_TOKEN, "*");
    devpi.user("ci", DEVPI_PASSWORD).index("ci/prod", false).allowUpload("ci/prod", "ci");
    devpi.index("ci/dev", true).allowUpload("ci/dev", "ci");
    env.put("GITEA_TOKEN", GITEA_TOKEN);
    env.put("DEVPI_PASSWORD", DEVPI_PASSWORD);
  }

  private static Path mkdirs(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Publishes a wheel of {@code name} {@code version} to org acme. */
  Dist wheel(String name, String version) {
    Dist d =
        dists
            .wheel(name, version)
            .requiresPython(">=3.9")
            .summary("the " + name + " package")
            .build();
    gitea.publish("acme", d);
    return d;
  }

  Dist sdist(String name, String version) {
    Dist d = dists.sdist(name, version).summary("the " + name + " package").build();
    gitea.publish("acme", d);
    return d;
  }

  /** The INI head: [gitea], [devpi], [runtime] with these extra runtime lines; mappings follow. */
  String head(String... runtimeLines) {
    return "[gitea]\nurl = "
        + gitea.url()
        + "\ntoken_env = GITEA_TOKEN\n\n"
        + "[devpi]\nurl = "
        + devpi.url()
        + "\nusername = ci\npassword_env = DEVPI_PASSWORD\n\n"
        + "[runtime]\ndownload_dir = "
        + staging
        + "\nconcurrency = 2\n"
        + String.join("", java.util.Arrays.stream(runtimeLines).map(l -> l + "\n").toList())
        + "\n";
  }

  /** A config with one mapping {@code acme} → {@code index} plus the extra option lines. */
  SyncConfig config(String index, String... mappingLines) {
    return parse(
        head()
            + "[mapping:acme]\nindex = "
            + index
            + "\n"
            + String.join("\n", mappingLines)
            + "\n");
  }

  SyncConfig parse(String ini) {
    return SyncConfig.parse(ini, dir.resolve("devpi-gitea-sync.conf"), env::get);
  }

  SyncEngine engine(SyncConfig config) {
    return SyncEngine.builder()
        .config(config)
        .retries(3, Duration.ofMillis(10), Duration.ofMillis(50))
        .build();
  }

  /** Plans and applies every mapping of the config with a fresh engine. */
  SyncReport sync(SyncConfig config, SyncOptions options) {
    try (SyncEngine engine = engine(config)) {
      return engine.sync(config.select(List.of(), List.of()), options, SyncListener.NONE);
    }
  }

  SyncReport sync(SyncConfig config) {
    return sync(config, SyncOptions.defaults());
  }

  SyncPlan plan(SyncConfig config, SyncOptions options) {
    try (SyncEngine engine = engine(config)) {
      return engine.plan(config.select(List.of(), List.of()), options);
    }
  }

  /**
   * Every file left under the staging directory (run directories and their lock files excluded).
   */
  List<Path> stagedFiles() {
    if (!Files.exists(staging)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(staging)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    gitea.close();
    devpi.close();
  }
}
