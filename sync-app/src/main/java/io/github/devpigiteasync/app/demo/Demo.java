package io.github.devpigiteasync.app.demo;

import io.github.devpigiteasync.testkit.Distributions;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The world of {@code --demo}: an in-process Gitea with a sample organization, an in-process devpi,
 * and a config file for them in a private temporary directory. Everything it writes lives in that
 * directory, removed by {@link #close()}.
 */
final class Demo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Demo.class);
  static final String ORG = "demo-org";
  static final String INDEX = "demo/prod";
  private static final List<String> GROWING =
      List.of("acme-api", "acme-cli", "data.utils_lib", "billing-core");

  private final Path dir;
  private final FakeGitea gitea;
  private final FakeDevpi devpi;
  private final Distributions dists;
  private final Path config;
  private final AtomicInteger release = new AtomicInteger();

  private Demo(Path dir) {
    this.dir = dir;
    this.gitea = FakeGitea.builder().version("1.24.7").build();
    this.devpi = FakeDevpi.builder().build();
    this.dists = Distributions.in(mkdir(dir.resolve("dists")));
    String giteaToken = "demo-" + random();
    String devpiPassword = random();
    gitea.owner(ORG, false).token(giteaToken, ORG);
    devpi.user("demo", devpiPassword).index(INDEX, false).allowUpload(INDEX, "demo");
    seed();
    this.config = writeConfig(giteaToken, devpiPassword);
  }

  /** Starts the simulators and writes the config; the caller must close the demo. */
  static Demo start() {
    Path dir;
    try {
      dir =
          Files.createTempDirectory(
              "devpi-gitea-sync-demo-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      dir = createTempDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return new Demo(dir);
    } catch (RuntimeException | Error e) {
      deleteTree(dir);
      throw e;
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("devpi-gitea-sync-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path config() {
    return config;
  }

  String giteaUrl() {
    return gitea.url();
  }

  String devpiUrl() {
    return devpi.url();
  }

  /**
   * A dozen packages: wheels and sdists, some linked to an archived repository, one excluded by the
   * config.
   */
  private void seed() {
    gitea.repo(ORG, "platform", false).repo(ORG, "legacy-tools", true);
    for (String name :
        List.of(
            "acme-api",
            "acme-cli",
            "billing-core",
            "data.utils_lib",
            "auth-client",
            "ml-models",
            "report-gen",
            "queue-worker")) {
      for (String version : List.of("1.0.0", "1.1.0")) {
        publish(name, version, true);
      }
    }
    publish("acme-internal", "0.3.0", false);
    publish("old-importer", "0.9.0", true);
    publish("old-exporter", "0.9.1", false);
    publish("sandbox-experiments", "0.0.1", false);
    gitea.link(ORG, "acme-api", "platform").link(ORG, "billing-core", "platform");
    gitea.link(ORG, "old-importer", "legacy-tools").link(ORG, "old-exporter", "legacy-tools");
  }

  private void publish(String name, String version, boolean withSdist) {
    gitea.publish(
        ORG,
        dists
            .wheel(name, version)
            .requiresPython(">=3.9")
            .summary("Sample package " + name)
            .padding(64 * 1024)
            .seed(name.hashCode())
            .build());
    if (withSdist) {
      gitea.publish(
          ORG,
          dists
              .sdist(name, version)
              .requiresPython(">=3.9")
              .summary("Sample package " + name)
              .build());
    }
  }

  /** Publishes one more sample release, so the dashboard has something new to show. */
  String publishNextRelease() {
    int n = release.incrementAndGet();
    String name = GROWING.get(n % GROWING.size());
    String version = String.format(Locale.ROOT, "1.%d.0", 1 + n);
    publish(name, version, n % 2 == 0);
    log.info("Demo: published {} {} to Gitea", name, version);
    return name + " " + version;
  }

  private Path writeConfig(String giteaToken, String devpiPassword) {
    String ini =
        String.join(
            "\n",
            "# written by devpi-gitea-sync --demo; removed when the demo stops",
            "[gitea]",
            "url = " + gitea.url(),
            "token = " + giteaToken,
            "",
            "[devpi]",
            "url = " + devpi.url(),
            "username = demo",
            "password = " + devpiPassword,
            "",
            "[mapping:demo]",
            "organization = " + ORG,
            "index = " + INDEX,
            "exclude_packages = *-internal, sandbox-*",
            "",
            "[runtime]",
            "poll_interval_seconds = 60",
            "download_dir = staging",
            "concurrency = 4",
            "state_dir = state",
            "");
    Path file = dir.resolve("devpi-gitea-sync.conf");
    try {
      Files.writeString(file, ini);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the config loader warns and goes on
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path mkdir(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String random() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    gitea.close();
    devpi.close();
    deleteTree(dir);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(Demo::delete);
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not remove the demo directory {}: {}", dir, e.toString());
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
