package io.github.devpigiteasync.devpi;

/**
 * A streaming upload was aborted before its body was complete because its {@link UploadSource}
 * failed (a broken download, a hash mismatch, unusable metadata, cancellation), so devpi stored
 * nothing. {@link #getCause()} is the source's own exception.
 */
public class DevpiUploadAbortedException extends DevpiException {
  private static final long serialVersionUID = 1L;

  public DevpiUploadAbortedException(String filename, Throwable cause) {
    super("upload of " + filename + " aborted: " + cause.getMessage(), cause);
  }
}
