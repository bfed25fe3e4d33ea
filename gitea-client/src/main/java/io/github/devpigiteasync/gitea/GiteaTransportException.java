package io.github.devpigiteasync.gitea;

import java.io.IOException;

/** The request did not get an HTTP answer: connection, timeout, TLS or stream failure. */
public class GiteaTransportException extends GiteaException {
  private static final long serialVersionUID = 1L;

  public GiteaTransportException(String message, IOException cause) {
    super(message, cause);
  }

  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }
}
