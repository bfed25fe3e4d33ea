package io.github.devpigiteasync.devpi;

/** HTTP 400 on upload: devpi rejected the file name, name, version or metadata. */
public class DevpiInvalidUploadException extends DevpiHttpException {
  private static final long serialVersionUID = 1L;

  public DevpiInvalidUploadException(String method, String path, int status, String serverMessage) {
    super(method, path, status, serverMessage);
  }
}
