package io.github.devpigiteasync.sync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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
 * @param transferMode how files go from Gitea to devpi (default {@link TransferMode#STREAMING})
 * @param stateDir where the tool keeps state such as the embedded history store (default {@code
 *     $STATE_DIRECTORY}, else {@code $XDG_STATE_HOME/devpi-gitea-sync}, else {@code
 *     ~/.local/state/devpi-gitea-sync})
 */
public record RuntimeSettings(
    Duration pollInterval,
    Optional<Path> downloadDir,
    String serverHost,
    int serverPort,
    int concurrency,
    Optional<Secret> webhookSecret,
    Optional<Secret> apiToken,
    TransferMode transferMode,
    Path stateDir) {

  static final String APP_DIR = "devpi-gitea-sync";

  public RuntimeSettings {
    Objects.requireNonNull(pollInterval, "pollInterval == null");
    Objects.requireNonNull(downloadDir, "downloadDir == null");
    Objects.requireNonNull(serverHost, "serverHost == null");
    Objects.requireNonNull(webhookSecret, "webhookSecret == null");
    Objects.requireNonNull(apiToken, "apiToken == null");
    Objects.requireNonNull(transferMode, "transferMode == null");
    Objects.requireNonNull(stateDir, "stateDir == null");
  }

  /**
   * The defaults: 300 s, temp dir, {@code 0.0.0.0:8080}, concurrency 4, no webhook, no API token,
   * streaming transfers, the state directory taken from the process environment.
   */
  public static RuntimeSettings defaults() {
    return defaults(System::getenv);
  }

  /** As {@link #defaults()}, with the state directory taken from {@code env}. */
  public static RuntimeSettings defaults(Function<String, @Nullable String> env) {
    return new RuntimeSettings(
        Duration.ofSeconds(300),
        Optional.empty(),
        "0.0.0.0",
        8080,
        4,
        Optional.empty(),
        Optional.empty(),
        TransferMode.STREAMING,
        defaultStateDir(env));
  }

  /**
   * {@code $STATE_DIRECTORY} (set by systemd's {@code StateDirectory=}), else {@code
   * $XDG_STATE_HOME/devpi-gitea-sync}, else {@code $HOME/.local/state/devpi-gitea-sync}.
   */
  static Path defaultStateDir(Function<String, @Nullable String> env) {
    String state = env.apply("STATE_DIRECTORY");
    if (state != null && !state.isBlank()) {
      // systemd joins several directories with ':'; the first is ours
      return Path.of(state.split(":", -1)[0]).toAbsolutePath();
    }
    String xdg = env.apply("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, APP_DIR).toAbsolutePath();
    }
    String home = env.apply("HOME");
    Path base =
        home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
    return base.resolve(".local").resolve("state").resolve(APP_DIR).toAbsolutePath();
  }

  /** A copy with another bind address and port (for command-line overrides). */
  public RuntimeSettings withServer(String host, int port) {
    return new RuntimeSettings(
        pollInterval,
        downloadDir,
        host,
        port,
        concurrency,
        webhookSecret,
        apiToken,
        transferMode,
        stateDir);
  }
}
