package io.github.devpigiteasync.gitea;

/**
 * HTTP 404 Not Found: the owner, package, version, file or repository does not exist (or is
 * hidden).
 */
public class GiteaNotFoundException extends GiteaHttpException {
  private static final long serialVersionUID = 1L;

  public GiteaNotFoundException(String method, String path, int status, String serverMessage) {
    super(method, path, status, serverMessage);
  }
}
