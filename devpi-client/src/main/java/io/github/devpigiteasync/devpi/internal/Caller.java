package io.github.devpigiteasync.devpi.internal;

import io.github.devpigiteasync.devpi.DevpiException;
import io.github.devpigiteasync.devpi.DevpiTransportException;
import io.github.devpigiteasync.http.Failures;
import java.io.IOException;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Executes calls, following redirects by hand for GET only, and maps I/O failures to transport
 * errors. devpi redirects GETs of non-normalised names; OkHttp would turn a redirected POST into a
 * GET, so its own redirect handling stays off.
 */
public final class Caller {
  private static final int MAX_REDIRECTS = 5;

  private final OkHttpClient http;

  public Caller(OkHttpClient http) {
    this.http = Objects.requireNonNull(http, "http == null");
  }

  /** A new call for {@code request}, for callers that must be able to cancel it themselves. */
  public Call newCall(Request request) {
    return http.newCall(request);
  }

  /** Executes a call; the caller closes the response. */
  public Response execute(Request request) {
    Request current = request;
    for (int hop = 0; ; hop++) {
      Response response;
      try {
        response = http.newCall(current).execute();
      } catch (IOException e) {
        throw new DevpiTransportException(
            current.method()
                + " "
                + ErrorDecoder.pathOf(current.url())
                + " failed: "
                + Failures.describe(e),
            e);
      }
      String location = response.header("Location");
      if (!"GET".equals(current.method())
          || !response.isRedirect()
          || location == null
          || hop >= MAX_REDIRECTS) {
        return response;
      }
      HttpUrl next = current.url().resolve(location);
      response.close();
      if (next == null) {
        throw new DevpiException(
            "GET " + ErrorDecoder.pathOf(current.url()) + " redirected to an invalid URL");
      }
      current = current.newBuilder().url(next).build();
    }
  }
}
