package io.github.devpigiteasync.server;

import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import java.util.Set;

/**
 * One sync pass, as the scheduler sees it. Production code wraps {@code SyncEngine}; tests pass a
 * lambda.
 *
 * <p>Implementations must honour thread interruption (the server interrupts a running pass on
 * shutdown) and may throw any {@link RuntimeException}: the scheduler records it as a failed pass
 * and keeps going.
 */
@FunctionalInterface
public interface Pass {

  /**
   * Runs one pass.
   *
   * @param mappings names of the mappings to sync; empty means every selected mapping
   * @param listener receives progress events; thread-safe
   * @return the report (for a dry run: planned outcomes only)
   */
  SyncReport run(Set<String> mappings, SyncListener listener);
}
