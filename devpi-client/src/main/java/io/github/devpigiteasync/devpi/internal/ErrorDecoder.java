package io.github.devpigiteasync.devpi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.devpi.DevpiConflictException;
import io.github.devpigiteasync.devpi.DevpiForbiddenException;
import io.github.devpigiteasync.devpi.DevpiHttpException;
import io.github.devpigiteasync.devpi.DevpiInvalidUploadException;
import io.github.devpigiteasync.devpi.DevpiNotFoundException;
import io.github.devpigiteasync.devpi.DevpiTooLargeException;
import io.github.devpigiteasync.devpi.DevpiUnauthorizedException;
import io.github.devpigiteasync.http.Failures;
import java.util.Locale;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Response;

/**
 * Turns a failed devpi response into a typed exception. devpi puts its text in three places: JSON
 * {@code message} (API errors), JSON {@code title} with a blank {@code message} (upload errors,
 * also the HTTP reason phrase), or a plain-text body (waitress 413/500).
 */
public final class ErrorDecoder {
  private static final long MAX_ERROR_BODY = 16 * 1024;
  private static final int MAX_MESSAGE = 500;

  private final ObjectMapper mapper;

  public ErrorDecoder(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
  }

  /** The request path plus query, as shown in exception messages. */
  public static String pathOf(HttpUrl url) {
    String query = url.encodedQuery();
    return query == null ? url.encodedPath() : url.encodedPath() + "?" + query;
  }

  /** Builds the exception for a non-success response; {@code upload} maps 400 to invalid upload. */
  public DevpiHttpException decode(Response response, boolean upload) {
    String method = response.request().method();
    String path = pathOf(response.request().url());
    int status = response.code();
    String text = serverMessage(response);
    switch (status) {
      case 400:
        return upload
            ? new DevpiInvalidUploadException(method, path, status, text)
            : new DevpiHttpException(method, path, status, text);
      case 401:
        return new DevpiUnauthorizedException(method, path, status, text);
      case 403:
        return new DevpiForbiddenException(method, path, status, text);
      case 404:
        return new DevpiNotFoundException(method, path, status, text);
      case 409:
        return new DevpiConflictException(method, path, status, text);
      case 413:
        return new DevpiTooLargeException(method, path, status, text);
      default:
        return new DevpiHttpException(method, path, status, text);
    }
  }

  String serverMessage(Response response) {
    // The body is only used for the message; the status already says what went wrong.
    String body = Failures.peekBody(response, MAX_ERROR_BODY);
    MediaType type = response.body().contentType();
    String subtype = type == null ? "" : type.subtype().toLowerCase(Locale.ROOT);
    String trimmed = body.trim();
    if (subtype.contains("json") || trimmed.startsWith("{")) {
      try {
        JsonNode root = mapper.readTree(trimmed);
        String message = clean(root.path("message").asText(""));
        if (message.isEmpty()) {
          message = clean(root.path("title").asText(""));
        }
        if (!message.isEmpty()) {
          return message;
        }
      } catch (JsonProcessingException notJson) {
        // fall through to the reason phrase
      }
    } else if (type != null && "text".equals(type.type()) && "plain".equals(subtype)) {
      String text = clean(trimmed);
      if (!text.isEmpty()) {
        return text;
      }
    }
    return clean(response.message());
  }

  private static String clean(String text) {
    return Failures.oneLine(text, MAX_MESSAGE);
  }
}
