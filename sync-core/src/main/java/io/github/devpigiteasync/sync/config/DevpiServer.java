package io.github.devpigiteasync.sync.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code [devpi]} or {@code [devpi:<name>]} section. The unnamed {@code [devpi]} section is named
 * {@value #DEFAULT_NAME}. At most one of {@code password} and {@code token} is present.
 *
 * @param timeout connect timeout and read inactivity timeout (default 30 s); never a cap on a whole
 *     upload
 */
public record DevpiServer(
    String name,
    URI url,
    String username,
    Optional<Secret> password,
    Optional<Secret> token,
    Tls tls,
    Duration timeout) {
  /** Name of the server defined by the unnamed {@code [devpi]} section. */
  public static final String DEFAULT_NAME = "default";

  /** The default timeout, 30 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public DevpiServer {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(password, "password == null");
    Objects.requireNonNull(token, "token == null");
    Objects.requireNonNull(tls, "tls == null");
    Objects.requireNonNull(timeout, "timeout == null");
  }

  /** The config-file section this server comes from: {@code devpi} or {@code devpi:<name>}. */
  public String section() {
    return name.equals(DEFAULT_NAME) ? "devpi" : "devpi:" + name;
  }
}
