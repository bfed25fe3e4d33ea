package io.github.devpigiteasync.devpi;

/**
 * Receives upload progress. Called on the uploading thread; when an upload is retried the count
 * starts again from zero.
 */
@FunctionalInterface
public interface ProgressListener {

  /** Called after each chunk of the file is written, with the file bytes written so far. */
  void transferred(long bytesSoFar);
}
