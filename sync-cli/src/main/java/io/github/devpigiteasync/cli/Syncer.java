package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Selection;

/**
 * The part of the sync engine the CLI uses; a seam so output and exit codes can be tested alone.
 */
interface Syncer extends AutoCloseable {
  SyncPlan plan(Selection selection, SyncOptions options, SyncListener listener);

  SyncReport apply(SyncPlan plan, SyncListener listener);

  /** The plan as a report whose uploads are {@code PLANNED}. */
  SyncReport dryRunReport(SyncPlan plan);

  @Override
  void close();
}
