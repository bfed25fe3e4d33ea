package io.github.devpigiteasync.gitea;

import io.github.devpigiteasync.gitea.internal.ErrorDecoder;
import io.github.devpigiteasync.gitea.internal.GiteaJson;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Executes requests and maps failures; shared by the services of one client. */
final class Transport {
  @FunctionalInterface
  interface Handler<T> {
    T handle(Response response) throws IOException;
  }

  final OkHttpClient http;
  final HttpUrl baseUrl;
  final GiteaJson json;
  final ErrorDecoder errors;

  Transport(OkHttpClient http, HttpUrl baseUrl, GiteaJson json) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.json = json;
    this.errors = new ErrorDecoder(json);
  }

  /** {@code {base}api/v1/} followed by the given raw (unencoded) segments. */
  HttpUrl.Builder api(String... segments) {
    HttpUrl.Builder b = baseUrl.newBuilder().addPathSegment("api").addPathSegment("v1");
    for (String s : segments) {
      b.addPathSegment(checkSegment(s));
    }
    return b;
  }

  /** {@code {base}api/packages/} followed by the given raw (unencoded) segments. */
  HttpUrl.Builder packagesApi(String... segments) {
    HttpUrl.Builder b = baseUrl.newBuilder().addPathSegment("api").addPathSegment("packages");
    for (String s : segments) {
      b.addPathSegment(checkSegment(s));
    }
    return b;
  }

  // OkHttp resolves "." and ".." even in addPathSegment, so such untrusted values could escape the
  // intended endpoint; an empty segment would be silently collapsed by Gitea's router.
  static String checkSegment(String s) {
    if (s.isEmpty() || s.equals(".") || s.equals("..")) {
      throw new IllegalArgumentException("invalid path segment: '" + s + "'");
    }
    return s;
  }

  <T> T get(HttpUrl url, Handler<T> handler) {
    Request request = new Request.Builder().url(url).get().build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw errors.toException(response);
      }
      return handler.handle(response);
    } catch (IOException e) {
      throw ErrorDecoder.transport("GET", url.encodedPath(), e);
    }
  }
}
