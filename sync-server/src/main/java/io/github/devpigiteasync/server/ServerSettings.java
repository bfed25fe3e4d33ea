package io.github.devpigiteasync.server;

import io.github.devpigiteasync.sync.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link SyncServer} listens and schedules.
 *
 * @param host bind address
 * @param port bind port; 0 picks a free one
 * @param pollInterval time between full passes (config enforces at least 60 s; tests use less)
 * @param webhookDebounce how long webhook events are collected before their pass is requested
 * @param shutdownGrace how long a running pass may take to end after it is interrupted on shutdown
 * @param webhookSecret enables {@code POST /hooks/gitea}
 * @param apiToken enables {@code POST /api/sync}
 * @param version the tool's version
 * @param dryRun whether passes only plan
 * @param mappings the selected mappings, in config order
 * @param maxBodyBytes request bodies above this size get 413
 */
public record ServerSettings(
    String host,
    int port,
    Duration pollInterval,
    Duration webhookDebounce,
    Duration shutdownGrace,
    Optional<Secret> webhookSecret,
    Optional<Secret> apiToken,
    String version,
    boolean dryRun,
    List<MappingInfo> mappings,
    long maxBodyBytes) {

  /** Default debounce of webhook events. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofSeconds(5);

  /** Default shutdown grace period. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  /** Default request body limit: 1 MiB. */
  public static final long DEFAULT_MAX_BODY = 1024 * 1024;

  public ServerSettings {
    Objects.requireNonNull(host, "host == null");
    Objects.requireNonNull(pollInterval, "pollInterval == null");
    Objects.requireNonNull(webhookDebounce, "webhookDebounce == null");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace == null");
    Objects.requireNonNull(webhookSecret, "webhookSecret == null");
    Objects.requireNonNull(apiToken, "apiToken == null");
    Objects.requireNonNull(version, "version == null");
    mappings = List.copyOf(Objects.requireNonNull(mappings, "mappings == null"));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * A builder with the defaults: {@code 127.0.0.1}, port 0, 300 s interval, 5 s debounce, 10 s
   * grace.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ServerSettings}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private Duration pollInterval = Duration.ofSeconds(300);
    private Duration webhookDebounce = DEFAULT_DEBOUNCE;
    private Duration shutdownGrace = DEFAULT_GRACE;
    private Optional<Secret> webhookSecret = Optional.empty();
    private Optional<Secret> apiToken = Optional.empty();
    private String version = "dev";
    private boolean dryRun;
    private List<MappingInfo> mappings = List.of();
    private long maxBodyBytes = DEFAULT_MAX_BODY;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder webhookDebounce(Duration webhookDebounce) {
      this.webhookDebounce = webhookDebounce;
      return this;
    }

    public Builder shutdownGrace(Duration shutdownGrace) {
      this.shutdownGrace = shutdownGrace;
      return this;
    }

    public Builder webhookSecret(Optional<Secret> webhookSecret) {
      this.webhookSecret = webhookSecret;
      return this;
    }

    public Builder apiToken(Optional<Secret> apiToken) {
      this.apiToken = apiToken;
      return this;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    public Builder mappings(List<MappingInfo> mappings) {
      this.mappings = mappings;
      return this;
    }

    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public ServerSettings build() {
      return new ServerSettings(
          host,
          port,
          pollInterval,
          webhookDebounce,
          shutdownGrace,
          webhookSecret,
          apiToken,
          version,
          dryRun,
          mappings,
          maxBodyBytes);
    }
  }
}
