package io.github.devpigiteasync.devpi;

/**
 * HTTP 403: authenticated but not allowed (no upload permission, non-volatile delete, or a
 * devpi-tokens token rejected).
 */
public class DevpiForbiddenException extends DevpiHttpException {
  private static final long serialVersionUID = 1L;

  public DevpiForbiddenException(String method, String path, int status, String serverMessage) {
    super(method, path, status, serverMessage);
  }
}
