package io.github.devpigiteasync.cli;

import java.util.Optional;

/** Finds server mode, which lives in another module and is reached only through a service loader. */
interface ServerModes {
  /** A request to start server mode: the parsed flags, without any server type. */
  record Request(boolean demo) {}

  /** The server launcher, when one is on the class path. */
  Optional<ServerLauncher> find();

  /** Starts server mode and blocks until it stops; returns its exit code. */
  interface ServerLauncher {
    int start(Request request);
  }

  static ServerModes system() {
    return Optional::empty; // replaced by the ServiceLoader lookup once ServerMode lands in sync-core
  }
}
