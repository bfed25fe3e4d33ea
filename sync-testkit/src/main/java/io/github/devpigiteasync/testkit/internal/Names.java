package io.github.devpigiteasync.testkit.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/** Name rules shared by the simulators and the builder. */
public final class Names {
  private Names() {}

  /** PEP 503: runs of {@code -_.} become one {@code -}, lower case. */
  public static String pep503(String name) {
    return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
  }

  /**
   * How Gitea stores a PyPI name: every {@code .} and {@code _} becomes {@code -}, case kept, no
   * collapsing.
   */
  public static String gitea(String name) {
    return name.replace('.', '-').replace('_', '-');
  }

  /**
   * PEP 427 escaping of a wheel file name component: runs of non-alphanumerics become {@code _}.
   */
  public static String wheelEscape(String component) {
    return component.replaceAll("[^A-Za-z0-9.]+", "_").replace('.', '_');
  }

  /** PEP 427 escaping of the version component: {@code -} becomes {@code _}. */
  public static String wheelVersion(String version) {
    return version.replace('-', '_');
  }

  /** Percent-encodes one URL path segment. */
  public static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }

  public static String html(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Python's {@code repr()} of a string, as devpi puts it into error messages. */
  public static String pyRepr(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
