package io.github.devpigiteasync.gitea;

import io.github.devpigiteasync.gitea.internal.ErrorDecoder;
import io.github.devpigiteasync.gitea.internal.GiteaJson;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
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
    try (Response response = http.newCall(getRequest(url)).execute()) {
      return handle(response, handler);
    } catch (IOException e) {
      throw ErrorDecoder.transport("GET", url.encodedPath(), e);
    }
  }

  private static Request getRequest(HttpUrl url) {
    return new Request.Builder().url(url).get().build();
  }

  /** A successful answer goes to {@code handler}; any other throws the client's exception. */
  private <T> T handle(Response response, Handler<T> handler) throws IOException {
    if (!response.isSuccessful()) {
      throw errors.toException(response);
    }
    return handler.handle(response);
  }

  /**
   * {@link #get} on one of the HTTP client's dispatcher threads: the future fails with the
   * exception {@code get} would throw, and cancelling it cancels the call.
   */
  <T> CompletableFuture<T> getAsync(HttpUrl url, Handler<T> handler) {
    Call call = http.newCall(getRequest(url));
    CompletableFuture<T> result = new CompletableFuture<>();
    result.whenComplete(
        (value, failure) -> {
          if (result.isCancelled()) {
            call.cancel();
          }
        });
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            result.completeExceptionally(ErrorDecoder.transport("GET", url.encodedPath(), e));
          }

          @Override
          public void onResponse(Call c, Response response) {
            try (response) {
              result.complete(handle(response, handler));
            } catch (IOException e) {
              result.completeExceptionally(ErrorDecoder.transport("GET", url.encodedPath(), e));
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          }
        });
    return result;
  }
}
