package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;

/** Adapts the sync engine to {@link Syncer}. */
final class EngineSyncer implements Syncer {
  private final SyncEngine engine;

  private EngineSyncer(SyncEngine engine) {
    this.engine = engine;
  }

  static Syncer create(SyncConfig config) {
    return new EngineSyncer(
        SyncEngine.builder().config(config).userAgent("devpi-gitea-sync/" + ManifestVersionProvider.version()).build());
  }

  @Override
  public SyncPlan plan(Selection selection, SyncOptions options, SyncListener listener) {
    return engine.plan(selection, options, listener);
  }

  @Override
  public SyncReport apply(SyncPlan plan, SyncListener listener) {
    return engine.apply(plan, listener);
  }

  @Override
  public SyncReport dryRunReport(SyncPlan plan) {
    return SyncEngine.dryRun(plan);
  }

  @Override
  public void close() {
    engine.close();
  }
}
