package io.github.devpigiteasync.http;

import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An OkHttp interceptor that answers every request from a table of canned responses (by path
 * suffix) without touching the network, so that fuzz targets can feed thousands of server answers
 * per second through the client's public API. Placed on the shared {@link OkHttpClient}, it runs
 * before the client's own interceptors and short-circuits the call. Both clients' fuzz and
 * hostile-input tests use it through this module's test jar.
 */
public class CannedResponses implements Interceptor {
  /** One canned answer. */
  public record Canned(int status, Map<String, String> headers, byte[] body, String contentType) {}

  private final Map<String, Canned> byPathSuffix = new LinkedHashMap<>();

  /** Forgets every answer (fuzz targets reuse one instance and its client across executions). */
  public synchronized CannedResponses reset() {
    byPathSuffix.clear();
    return this;
  }

  public CannedResponses answer(String pathSuffix, int status, String contentType, byte[] body) {
    return answer(pathSuffix, status, contentType, body, Map.of());
  }

  public synchronized CannedResponses answer(
      String pathSuffix, int status, String contentType, byte[] body, Map<String, String> headers) {
    byPathSuffix.put(pathSuffix, new Canned(status, Map.copyOf(headers), body, contentType));
    return this;
  }

  public OkHttpClient client() {
    return new OkHttpClient.Builder().addInterceptor(this).build();
  }

  @Override
  public Response intercept(Chain chain) {
    String path = chain.request().url().encodedPath();
    Canned canned;
    synchronized (this) {
      canned =
          byPathSuffix.entrySet().stream()
              .filter(e -> path.endsWith(e.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(new Canned(404, Map.of(), "{\"message\":\"not found\"}".getBytes(), "json"));
    }
    Response.Builder b =
        new Response.Builder()
            .request(chain.request())
            .protocol(Protocol.HTTP_1_1)
            .code(canned.status())
            .message("canned")
            .body(ResponseBody.create(canned.body(), MediaType.parse(canned.contentType())));
    canned.headers().forEach(b::header);
    return b.build();
  }
}
