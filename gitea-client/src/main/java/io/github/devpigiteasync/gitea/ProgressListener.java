package io.github.devpigiteasync.gitea;

/** Receives download progress; called on the downloading thread after each chunk. */
@FunctionalInterface
public interface ProgressListener {
  /**
   * Reports the bytes received so far for the current attempt (starts again at 0 if a download is
   * retried).
   */
  void transferred(long bytesSoFar);
}
