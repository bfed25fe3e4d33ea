package io.github.devpigiteasync.devpi;

/** HTTP 404: the user, index, project or version does not exist. */
public class DevpiNotFoundException extends DevpiHttpException {
  private static final long serialVersionUID = 1L;

  public DevpiNotFoundException(String method, String path, int status, String serverMessage) {
    super(method, path, status, serverMessage);
  }
}
