package io.github.devpigiteasync.devpi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.devpi.internal.Caller;
import io.github.devpigiteasync.devpi.internal.DevpiAuth;
import io.github.devpigiteasync.devpi.internal.ErrorDecoder;
import io.github.devpigiteasync.devpi.internal.Pep503;
import io.github.devpigiteasync.http.Failures;
import java.io.IOException;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/** Executes requests, reads JSON and builds URLs; shared by the services of one client. */
final class Transport {
  final HttpUrl baseUrl;
  final Caller caller;
  final DevpiAuth auth;
  final ObjectMapper mapper;
  final ErrorDecoder errors;

  Transport(
      HttpUrl baseUrl, Caller caller, DevpiAuth auth, ObjectMapper mapper, ErrorDecoder errors) {
    this.baseUrl = baseUrl;
    this.caller = caller;
    this.auth = auth;
    this.mapper = mapper;
    this.errors = errors;
  }

  /** Executes a call, following redirects for GET only; the caller closes the response. */
  Response execute(Request request) {
    return caller.execute(request);
  }

  JsonNode getJson(HttpUrl url) {
    try (Response response = execute(new Request.Builder().url(url).get().build())) {
      if (!response.isSuccessful()) {
        throw errors.decode(response, false);
      }
      return readJson(response);
    }
  }

  JsonNode readJson(Response response) {
    return readJson(
        response,
        p -> {
          JsonNode root = mapper.readTree(p);
          // An empty body reads as a missing node; treat it like "{}".
          return root == null ? mapper.createObjectNode() : root;
        });
  }

  /** Reads a body as a stream of JSON tokens. */
  interface JsonReader<T> {
    T read(JsonParser parser) throws IOException;
  }

  <T> T readJson(Response response, JsonReader<T> reader) {
    String where =
        response.request().method() + " " + ErrorDecoder.pathOf(response.request().url());
    try (JsonParser parser = mapper.createParser(response.body().byteStream())) {
      return reader.read(parser);
    } catch (JsonProcessingException e) {
      throw new DevpiException(
          where + " answered with unreadable JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DevpiTransportException(where + " failed: " + Failures.describe(e), e);
    }
  }

  HttpUrl indexUrl(IndexRef index) {
    Objects.requireNonNull(index, "index == null");
    return baseUrl.newBuilder().addPathSegment(index.user()).addPathSegment(index.index()).build();
  }

  HttpUrl projectUrl(IndexRef index, String project) {
    Objects.requireNonNull(project, "project == null");
    return indexUrl(index).newBuilder().addPathSegment(Pep503.normalize(project)).build();
  }
}
