package io.github.devpigiteasync.gitea;

import org.jspecify.annotations.Nullable;

/** Root of every exception thrown by the Gitea client. Never carries credentials. */
public class GiteaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GiteaException(String message) {
    super(message);
  }

  public GiteaException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
