package io.github.devpigiteasync.server;

import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Selection;
import java.util.Set;

/**
 * A server pass over the sync engine: plan the scoped mappings, then apply the plan unless this is
 * a dry run.
 */
final class EnginePass implements Pass {
  private final SyncEngine engine;
  private final Selection selection;
  private final SyncOptions options;
  private final boolean dryRun;

  EnginePass(SyncEngine engine, Selection selection, SyncOptions options, boolean dryRun) {
    this.engine = engine;
    this.selection = selection;
    this.options = options;
    this.dryRun = dryRun;
  }

  @Override
  public SyncReport run(Set<String> mappings, SyncListener listener) {
    Selection scoped =
        mappings.isEmpty()
            ? selection
            : new Selection(
                selection.mappings().stream().filter(m -> mappings.contains(m.name())).toList());
    SyncPlan plan = engine.plan(scoped, options, listener);
    return dryRun ? SyncEngine.dryRun(plan) : engine.apply(plan, listener);
  }
}
