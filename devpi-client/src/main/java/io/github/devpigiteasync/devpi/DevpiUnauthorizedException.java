package io.github.devpigiteasync.devpi;

/**
 * HTTP 401: no valid credentials (wrong password, or the token still failed after one fresh login).
 */
public class DevpiUnauthorizedException extends DevpiHttpException {
  private static final long serialVersionUID = 1L;

  public DevpiUnauthorizedException(String method, String path, int status, String serverMessage) {
    super(method, path, status, serverMessage);
  }
}
