package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.SyncException;
import io.github.devpigiteasync.sync.config.SyncConfig;

/** Adapts the sync engine to {@link Syncer}. */
final class EngineSyncer {
  private EngineSyncer() {}

  static Syncer create(SyncConfig config) {
    throw new SyncException("the sync engine is not available yet");
  }
}
