package io.github.devpigiteasync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A ready pair of simulators for end-to-end tests of the tool: a Gitea with the public organization
 * {@value #ORG} and a token that reads every owner, a devpi with the user {@value #USER} who may
 * upload to the non-volatile index {@value #INDEX}, a distribution builder, and the matching
 * configuration text.
 *
 * <pre>{@code
 * try (Sandbox s = Sandbox.start(tempDir)) {
 *     s.gitea().publish(Sandbox.ORG, s.dists().wheel("foo", "1.0").build());
 *     Path config = s.writeConfig(s.ini("[mapping:acme]", "index = " + Sandbox.INDEX));
 *     // ... run the tool with config ...
 * }
 * }</pre>
 */
public final class Sandbox implements AutoCloseable {
  /** The organization every sandbox has. */
  public static final String ORG = "acme";

  /** The devpi user, allowed to upload to {@link #INDEX}. */
  public static final String USER = "ci";

  /** A non-volatile index of {@link #USER}. */
  public static final String INDEX = "ci/prod";

  private final Path dir;
  private final FakeGitea gitea;
  private final FakeDevpi devpi;
  private final Distributions dists;
  private final String giteaToken;
  private final String devpiPassword;

  private Sandbox(
      Path dir, FakeGitea.Builder giteaBuilder, String giteaToken, String devpiPassword) {
    this.dir = dir;
    this.giteaToken = giteaToken;
    this.devpiPassword = devpiPassword;
    this.gitea = giteaBuilder.build();
    this.devpi = FakeDevpi.builder().build();
    gitea.owner(ORG, false).token(giteaToken, "*");
    devpi.user(USER, devpiPassword).index(INDEX, false).allowUpload(INDEX, USER);
    this.dists = Distributions.in(dir.resolve("dists"));
  }

  /** Starts both simulators; distributions and configuration files go under {@code dir}. */
  public static Sandbox start(Path dir) {
    return start(dir, FakeGitea.builder());
  }

  /** Like {@link #start(Path)} with another Gitea, e.g. {@code FakeGitea.forgejo("15.0.3")}. */
  public static Sandbox start(Path dir, FakeGitea.Builder gitea) {
    String unique = Long.toHexString(System.nanoTime());
    // (a password starting with "devpi-" would read as a devpi-tokens token)
    return new Sandbox(dir, gitea, "gitea-token-" + unique, "pw-" + unique);
  }

  public FakeGitea gitea() {
    return gitea;
  }

  public FakeDevpi devpi() {
    return devpi;
  }

  public Distributions dists() {
    return dists;
  }

  /** The Gitea token (read access to every owner); tests assert it never shows up in output. */
  public String giteaToken() {
    return giteaToken;
  }

  /** The devpi password of {@link #USER}. */
  public String devpiPassword() {
    return devpiPassword;
  }

  /** Publishes a wheel of {@code name} {@code version} to {@link #ORG}. */
  public Dist publishWheel(String name, String version) {
    Dist d = dists.wheel(name, version).build();
    gitea.publish(ORG, d);
    return d;
  }

  /**
   * Configuration text: {@code [gitea]} and {@code [devpi]} sections for the simulators with inline
   * secrets, then {@code lines} (mappings, {@code [runtime]} ...), one per line.
   */
  public String ini(String... lines) {
    return String.join(
        "\n",
        "[gitea]",
        "url = " + gitea.url(),
        "token = " + giteaToken,
        "",
        "[devpi]",
        "url = " + devpi.url(),
        "username = " + USER,
        "password = " + devpiPassword,
        "",
        String.join("\n", lines),
        "");
  }

  /**
   * Writes {@code ini} to {@code devpi-gitea-sync.conf} under the sandbox directory, mode {@code
   * 0600}.
   */
  public Path writeConfig(String ini) {
    Path file = dir.resolve("devpi-gitea-sync.conf");
    try {
      Files.writeString(file, ini, StandardCharsets.UTF_8);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    gitea.close();
    devpi.close();
  }

  @Override
  public String toString() {
    return "Sandbox[gitea=" + gitea.url() + ", devpi=" + devpi.url() + "]";
  }
}
