package io.github.devpigiteasync.sync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [runtime]} section.
 *
 * @param pollInterval server-mode interval between passes (default 300 s, at least 60 s)
 * @param downloadDir staging directory; empty means a private directory under the system temp dir
 * @param serverHost dashboard bind address (default {@code 0.0.0.0})
 * @param serverPort dashboard port (default 8080)
 * @param concurrency parallel file transfers, 1..32 (default 4)
 * @param webhookSecret enables {@code POST /hooks/gitea} when present
 * @param apiToken enables {@code POST /api/sync} when present
 * @param transferMode how files travel from Gitea to devpi (default {@link TransferMode#STREAMING})
 */
public record RuntimeSettings(
    Duration pollInterval,
    Optional<Path> downloadDir,
    String serverHost,
    int serverPort,
    int concurrency,
    Optional<Secret> webhookSecret,
    Optional<Secret> apiToken,
    TransferMode transferMode) {

  public RuntimeSettings {
    Objects.requireNonNull(pollInterval, "pollInterval == null");
    Objects.requireNonNull(downloadDir, "downloadDir == null");
    Objects.requireNonNull(serverHost, "serverHost == null");
    Objects.requireNonNull(webhookSecret, "webhookSecret == null");
    Objects.requireNonNull(apiToken, "apiToken == null");
    Objects.requireNonNull(transferMode, "transferMode == null");
  }

  /** Settings with the default {@link TransferMode#STREAMING}. */
  public RuntimeSettings(
      Duration pollInterval,
      Optional<Path> downloadDir,
      String serverHost,
      int serverPort,
      int concurrency,
      Optional<Secret> webhookSecret,
      Optional<Secret> apiToken) {
    this(
        pollInterval,
        downloadDir,
        serverHost,
        serverPort,
        concurrency,
        webhookSecret,
        apiToken,
        TransferMode.STREAMING);
  }

  /**
   * The defaults: 300 s, temp dir, {@code 0.0.0.0:8080}, concurrency 4, no webhook, no API token,
   * streaming transfers.
   */
  public static RuntimeSettings defaults() {
    return new RuntimeSettings(
        Duration.ofSeconds(300),
        Optional.empty(),
        "0.0.0.0",
        8080,
        4,
        Optional.empty(),
        Optional.empty());
  }

  /** A copy with another bind address and port (for {@code --host}/{@code --port}). */
  public RuntimeSettings withServer(String host, int port) {
    return new RuntimeSettings(
        pollInterval, downloadDir, host, port, concurrency, webhookSecret, apiToken, transferMode);
  }
}
