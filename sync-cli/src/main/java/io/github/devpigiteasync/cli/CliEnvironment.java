package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.config.SyncConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the CLI takes from its surroundings, injectable for tests.
 *
 * @param env environment variable lookup (for {@code *_env} options)
 * @param interactive whether standard output is a terminal (live progress instead of plain lines)
 * @param nanoTime monotonic clock for redraw throttling
 * @param syncers builds the engine for a loaded configuration
 * @param servers finds server mode (empty when the class path has none)
 */
record CliEnvironment(
    Function<String, @Nullable String> env,
    boolean interactive,
    LongSupplier nanoTime,
    Function<SyncConfig, Syncer> syncers,
    Supplier<Optional<ServerRunner>> servers) {

  CliEnvironment {
    Objects.requireNonNull(env, "env == null");
    Objects.requireNonNull(nanoTime, "nanoTime == null");
    Objects.requireNonNull(syncers, "syncers == null");
    Objects.requireNonNull(servers, "servers == null");
  }

  /**
   * The real process: its environment, its console, the real engine and server mode if a {@link
   * ServerRunner} is registered on the class path (looked up only when asked for).
   */
  static CliEnvironment system() {
    return new CliEnvironment(
        System::getenv,
        System.console() != null,
        System::nanoTime,
        EngineSyncer::create,
        () -> ServiceLoader.load(ServerRunner.class, SyncCli.class.getClassLoader()).findFirst());
  }

  CliEnvironment withEnv(Function<String, @Nullable String> env) {
    return new CliEnvironment(env, interactive, nanoTime, syncers, servers);
  }

  CliEnvironment withInteractive(boolean interactive) {
    return new CliEnvironment(env, interactive, nanoTime, syncers, servers);
  }

  CliEnvironment withSyncers(Function<SyncConfig, Syncer> syncers) {
    return new CliEnvironment(env, interactive, nanoTime, syncers, servers);
  }

  CliEnvironment withServers(Supplier<Optional<ServerRunner>> servers) {
    return new CliEnvironment(env, interactive, nanoTime, syncers, servers);
  }
}
