package io.github.devpigiteasync.sync.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [gitea]} section: base URL, fallback token, TLS and per-request timeout.
 *
 * @param url base URL of the Gitea instance, with or without sub-path
 * @param token fallback token for every organization without its own
 * @param timeout connect/read timeout of each request (default 10 s)
 */
public record GiteaSettings(URI url, Optional<Secret> token, Tls tls, Duration timeout) {
  /** The default request timeout, 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public GiteaSettings {
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(token, "token == null");
    Objects.requireNonNull(tls, "tls == null");
    Objects.requireNonNull(timeout, "timeout == null");
  }

  /** Settings with no token, default TLS and the default timeout. */
  public static GiteaSettings of(URI url) {
    return new GiteaSettings(url, Optional.empty(), Tls.defaults(), DEFAULT_TIMEOUT);
  }
}
