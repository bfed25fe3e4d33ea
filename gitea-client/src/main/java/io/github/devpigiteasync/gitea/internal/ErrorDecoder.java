package io.github.devpigiteasync.gitea.internal;

import io.github.devpigiteasync.gitea.GiteaAuthenticationException;
import io.github.devpigiteasync.gitea.GiteaConflictException;
import io.github.devpigiteasync.gitea.GiteaHttpException;
import io.github.devpigiteasync.gitea.GiteaNotFoundException;
import io.github.devpigiteasync.gitea.GiteaTransportException;
import io.github.devpigiteasync.http.Failures;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Request;
import okhttp3.Response;

/** Turns failed exchanges into the typed exceptions. Messages never include headers or queries. */
public final class ErrorDecoder {
  private static final int MAX_MESSAGE = 300;

  private final GiteaJson json;

  public ErrorDecoder(GiteaJson json) {
    this.json = Objects.requireNonNull(json, "json == null");
  }

  public GiteaHttpException toException(Response response) {
    Request request = response.request();
    String method = request.method();
    String path = request.url().encodedPath();
    int status = response.code();
    String message = serverMessage(response);
    return switch (status) {
      case 401, 403 -> new GiteaAuthenticationException(method, path, status, message);
      case 404 -> new GiteaNotFoundException(method, path, status, message);
      case 409, 422 -> new GiteaConflictException(method, path, status, message);
      default -> new GiteaHttpException(method, path, status, message);
    };
  }

  private String serverMessage(Response response) {
    // Error bodies are small; peek at most a few KiB so a huge error page cannot hurt memory.
    String body = Failures.peekBody(response, 4096);
    return Failures.oneLine(json.errorMessage(body).orElse(body), MAX_MESSAGE);
  }

  public static GiteaTransportException transport(String method, String path, IOException e) {
    return new GiteaTransportException(
        String.format(Locale.ROOT, "%s %s failed: %s", method, path, Failures.describe(e)), e);
  }
}
