package io.github.devpigiteasync.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request received by a simulator, recorded before any fault was applied.
 *
 * <p>{@code path} is the decoded request path (including any sub-path), {@code query} the raw query
 * string ({@code ""} if none). Header names are looked up ignoring case and values are kept exactly
 * as sent, so tests can assert on credentials; {@link #toString()} masks the credential headers.
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, List<String>> headers) {
  private static final List<String> SECRET_HEADERS =
      List.of("authorization", "x-devpi-auth", "proxy-authorization", "cookie");

  public RecordedRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(query, "query == null");
    Objects.requireNonNull(headers, "headers == null");
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (k, v) ->
            copy.merge(
                k,
                List.copyOf(v),
                (a, b) -> {
                  List<String> all = new ArrayList<>(a);
                  all.addAll(b);
                  return List.copyOf(all);
                }));
    headers = Collections.unmodifiableMap(copy);
  }

  /** Returns the first value of a request header, ignoring the case of its name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(path);
    if (!query.isEmpty()) {
      sb.append('?').append(query);
    }
    sb.append(" {");
    boolean first = true;
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      boolean secret = SECRET_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT));
      sb.append(e.getKey()).append('=').append(secret ? "[****]" : e.getValue());
    }
    return sb.append('}').toString();
  }
}
