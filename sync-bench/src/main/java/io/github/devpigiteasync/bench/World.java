package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.Distributions;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.PublishedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One scenario's servers on loopback: a Gitea simulator with an organization {@value #ORG}, devpi
 * simulators made on demand, and a private temporary directory for distributions, staging and
 * config files. Closing it stops the servers (which deletes their blobs) and removes the directory.
 */
final class World implements AutoCloseable {
  static final String ORG = "bench";
  static final String DEVPI_USER = "bench";
  static final String GITEA_TOKEN_ENV = "BENCH_GITEA_TOKEN";
  static final String DEVPI_PASSWORD_ENV = "BENCH_DEVPI_PASSWORD";

  private final Path dir;
  private final Path distDir;
  private final FakeGitea gitea;
  private final Distributions dists;
  private final String giteaToken = random();
  private final String devpiPassword = random();

  private final Cleanup cleanup;

  World(Path parent, String name, Cleanup cleanup) {
    this.cleanup = cleanup;
    this.dir = mkdir(parent.resolve(name));
    this.distDir = mkdir(dir.resolve("dists"));
    this.dists = Distributions.in(distDir);
    this.gitea = cleanup.register(FakeGitea.builder().build());
    gitea.owner(ORG, false).token(giteaToken, ORG);
  }

  FakeGitea gitea() {
    return gitea;
  }

  Path dir() {
    return dir;
  }

  String giteaToken() {
    return giteaToken;
  }

  String devpiPassword() {
    return devpiPassword;
  }

  /** The environment the configs' {@code *_env} options read: the two secrets. */
  Map<String, String> env() {
    return Map.of(GITEA_TOKEN_ENV, giteaToken, DEVPI_PASSWORD_ENV, devpiPassword);
  }

  /**
   * A fresh devpi simulator with user {@value #DEVPI_USER} and a non-volatile index for each name;
   * caller closes.
   */
  FakeDevpi newDevpi(long maxRequestBodySize, List<String> indexes) {
    FakeDevpi devpi =
        cleanup.register(FakeDevpi.builder().maxRequestBodySize(maxRequestBodySize).build());
    devpi.user(DEVPI_USER, devpiPassword);
    for (String index : indexes) {
      devpi.index(index, false).allowUpload(index, DEVPI_USER);
    }
    return devpi;
  }

  /**
   * Builds a wheel ({@code padding} bytes of stored pseudo-random data inside), publishes it to the
   * organization and deletes the built file, so that only the simulator's copy takes disk space.
   */
  PublishedFile publishWheel(String name, String version, long padding) {
    return publishWheel(ORG, name, version, padding);
  }

  /** The same, to another (public) organization. */
  PublishedFile publishWheel(String org, String name, String version, long padding) {
    Dist dist =
        dists.wheel(name, version).summary("benchmark package " + name).padding(padding).build();
    try {
      return gitea.publish(org, dist);
    } finally {
      deleteFile(dist.path());
    }
  }

  /**
   * The INI text of a config with one mapping of {@value #ORG} to {@code index}, plus extra mapping
   * lines.
   */
  String ini(FakeDevpi devpi, int concurrency, String index, String... mappingLines) {
    return ini(gitea.url(), devpi.url(), dir, concurrency, index, mappingLines);
  }

  /**
   * The same for any Gitea and devpi URLs, with the staging directory and history store under
   * {@code dir}.
   */
  static String ini(
      String giteaUrl,
      String devpiUrl,
      Path dir,
      int concurrency,
      String index,
      String... mappingLines) {
    return String.join(
        "\n",
        "[gitea]",
        "url = " + giteaUrl,
        "token_env = " + GITEA_TOKEN_ENV,
        "",
        "[devpi]",
        "url = " + devpiUrl,
        "username = " + DEVPI_USER,
        "password_env = " + DEVPI_PASSWORD_ENV,
        "",
        "[runtime]",
        "download_dir = " + dir.resolve("staging"),
        // the run history of every run goes to a fresh embedded store here, never the user's
        "state_dir = " + dir.resolve("state"),
        "concurrency = " + concurrency,
        "",
        "[mapping:bench]",
        "organization = " + ORG,
        "index = " + index,
        String.join("\n", mappingLines),
        "");
  }

  /** The same config, parsed in this process. */
  SyncConfig config(FakeDevpi devpi, int concurrency, String index, String... mappingLines) {
    Map<String, String> env = env();
    return SyncConfig.parse(
        ini(devpi, concurrency, index, mappingLines), dir.resolve("bench.conf"), env::get);
  }

  /**
   * Writes the config to a {@code 0600} file for a child process, which reads the secrets from its
   * environment.
   */
  Path writeConfig(String fileName, String ini) {
    Path file = dir.resolve(fileName);
    try {
      Files.deleteIfExists(file);
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      return Files.writeString(file, ini);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      gitea.close();
    } finally {
      deleteTree(dir);
    }
  }

  static Path mkdir(Path p) {
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(World::deleteFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private static void deleteFile(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }

  private static String random() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return "bench-" + HexFormat.of().formatHex(b);
  }
}
