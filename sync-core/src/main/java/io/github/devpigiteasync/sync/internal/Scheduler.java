package io.github.devpigiteasync.sync.internal;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands file transfers to the engine's workers so that each devpi server receives at most one large
 * file at a time while small files use the other workers.
 *
 * <p>Large files wait in a lane per devpi server, small files in one queue; no worker ever waits
 * for a lane. Every submitted transfer puts one <em>pull</em> on the executor; a pull runs the next
 * large file of a free lane if there is one (so a lane never idles behind queued small files), else
 * the next small file, else nothing (what is left waits in busy lanes). When a large file ends, its
 * lane is free again and, if more wait in it, one more pull goes to the executor. So every transfer
 * runs exactly once, at most as many at once as the executor has threads, and the order within a
 * lane and within the small queue is the order of submission.
 */
final class Scheduler {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  private final Executor workers;
  private final long largeFileBytes;
  private final Queue<Runnable> small = new ArrayDeque<>();
  // tried in the order the servers first got a large file
  private final Map<String, Lane> lanes = new LinkedHashMap<>();

  Scheduler(Executor workers, long largeFileBytes) {
    this.workers = Objects.requireNonNull(workers, "workers == null");
    this.largeFileBytes = largeFileBytes;
  }

  /**
   * Queues one transfer of a file of {@code size} bytes ({@code -1} when not known: small) to the
   * devpi server {@code devpiServer}.
   */
  void submit(String devpiServer, long size, Runnable transfer) {
    synchronized (this) {
      if (size >= largeFileBytes) {
        lanes.computeIfAbsent(devpiServer, k -> new Lane()).waiting.add(transfer);
      } else {
        small.add(transfer);
      }
    }
    workers.execute(this::pull);
  }

  private void pull() {
    Lane lane = null;
    Runnable next = null;
    synchronized (this) {
      for (Lane l : lanes.values()) {
        if (!l.busy && !l.waiting.isEmpty()) {
          lane = l;
          l.busy = true;
          next = l.waiting.poll();
          break;
        }
      }
      if (next == null) {
        next = small.poll();
      }
    }
    if (next == null) {
      return;
    }
    try {
      next.run();
    } finally {
      if (lane != null) {
        release(lane);
      }
    }
  }

  private void release(Lane lane) {
    boolean more;
    synchronized (this) {
      lane.busy = false;
      more = !lane.waiting.isEmpty();
    }
    if (more) {
      try {
        workers.execute(this::pull);
      } catch (RejectedExecutionException e) {
        // the engine was closed while a cancelled pass was still ending; its report is built
        log.debug("Large files left in a lane after the engine closed", e);
      }
    }
  }

  /** Large files waiting for one devpi server, and whether one of them is being transferred. */
  private static final class Lane {
    final Queue<Runnable> waiting = new ArrayDeque<>();
    boolean busy;
  }
}
