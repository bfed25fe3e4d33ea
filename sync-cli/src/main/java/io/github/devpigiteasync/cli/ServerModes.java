package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.ServerMode;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds server mode, which lives in another module and is reached only through a service loader.
 */
interface ServerModes {
  /** The server implementation, when one is on the class path. */
  Optional<ServerMode> find();

  /** Looks server mode up with {@link ServiceLoader} (the sync-server module registers it). */
  static ServerModes system() {
    return () -> ServiceLoader.load(ServerMode.class, SyncCli.class.getClassLoader()).findFirst();
  }
}
