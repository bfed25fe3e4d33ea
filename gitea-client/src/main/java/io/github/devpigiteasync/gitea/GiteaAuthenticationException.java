package io.github.devpigiteasync.gitea;

/** HTTP 401 or 403: missing, invalid or insufficient credentials. */
public class GiteaAuthenticationException extends GiteaHttpException {
  private static final long serialVersionUID = 1L;

  public GiteaAuthenticationException(
      String method, String path, int status, String serverMessage) {
    super(method, path, status, serverMessage);
  }
}
