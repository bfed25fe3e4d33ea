package io.github.devpigiteasync.gitea;

/** HTTP 409 or 422: the request conflicts with the server's state. */
public class GiteaConflictException extends GiteaHttpException {
  private static final long serialVersionUID = 1L;

  public GiteaConflictException(String method, String path, int status, String serverMessage) {
    super(method, path, status, serverMessage);
  }
}
