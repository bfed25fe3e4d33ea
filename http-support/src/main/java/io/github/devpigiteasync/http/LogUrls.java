package io.github.devpigiteasync.http;

import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/** URLs as they may appear in a log line: no user info, no value of a secret-looking parameter. */
final class LogUrls {
  private static final Set<String> SECRET_WORDS =
      Set.of(
          "token", "password", "passwd", "secret", "signature", "credential", "key", "auth", "sig");

  private LogUrls() {}

  static String redact(HttpUrl url) {
    HttpUrl.Builder b = url.newBuilder().username("").password("").fragment(null);
    if (url.querySize() > 0) {
      // Rebuilt in order, so the line still reads like the request.
      b.query(null);
      for (int i = 0; i < url.querySize(); i++) {
        String name = url.queryParameterName(i);
        String value = url.queryParameterValue(i);
        b.addQueryParameter(name, value != null && isSecret(name) ? "****" : value);
      }
    }
    return b.build().toString();
  }

  // Matches access_token, X-Amz-Signature, X-Amz-Credential, api_key, sig and the like.
  private static boolean isSecret(String parameter) {
    String lower = parameter.toLowerCase(Locale.ROOT);
    for (String word : SECRET_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
