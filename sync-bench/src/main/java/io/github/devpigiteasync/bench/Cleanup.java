package io.github.devpigiteasync.bench;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a Ctrl-C must not leave behind: the simulators still running (their blobs live in their own
 * temporary directories, gigabytes in scenarios 2 and 3) and the bench's temporary directory.
 * Registered as a shutdown hook for the duration of a bench run; closing something twice is
 * harmless here, as failures are ignored.
 */
final class Cleanup {
  private final Path tmp;
  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  Cleanup(Path tmp) {
    this.tmp = tmp;
  }

  <T extends AutoCloseable> T register(T resource) {
    synchronized (open) {
      open.push(resource);
    }
    return resource;
  }

  /**
   * Closes a resource that the main thread may be closing at the same moment: two deletions racing
   * over one directory both give up on a file the other removed, so a failed close is tried again
   * once. A resource closed long ago fails both times, which costs the short pause only.
   */
  private static void closeRacing(AutoCloseable resource) {
    for (int attempt = 1; attempt <= 2; attempt++) {
      try {
        resource.close();
        return;
      } catch (Exception e) {
        if (attempt == 2) {
          return; // already closed, or stopping anyway
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Closes what was registered, newest first, then deletes the temporary directory; never throws.
   */
  void run() {
    while (true) {
      AutoCloseable next;
      synchronized (open) {
        next = open.poll();
      }
      if (next == null) {
        break;
      }
      closeRacing(next);
    }
    try {
      World.deleteTree(tmp);
    } catch (RuntimeException e) {
      // a file still being written by a thread that is stopping; nothing more to do
    }
  }
}
