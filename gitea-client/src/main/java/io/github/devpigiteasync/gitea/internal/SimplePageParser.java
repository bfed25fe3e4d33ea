package io.github.devpigiteasync.gitea.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.gitea.model.SimpleFile;
import io.github.devpigiteasync.http.LinkResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Parses the per-project simple page: Gitea's PEP 503 HTML, and the PEP 691 JSON that Forgejo v16+
 * sends for a JSON {@code Accept}. Gitea's template is fixed and simple ({@code <a href="..."
 * data-requires-python="...">file</a>}), so a tolerant tag scanner suffices and avoids an HTML
 * parser dependency.
 */
public final class SimplePageParser {
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private SimplePageParser() {}

  /**
   * Returns one entry per link. Relative links are resolved against {@code pageUrl}; links whose
   * path has fewer than two segments (no version and filename) are skipped.
   */
  public static List<SimpleFile> parse(String html, HttpUrl pageUrl) {
    LinkResolver links = new LinkResolver(pageUrl);
    List<SimpleFile> files = new ArrayList<>();
    // <a\s([^>]*)>, ignoring case, scanned by hand over the characters: regular expressions per
    // page and per anchor were a tenth of an unchanged pass
    // one byte per character; what is not Latin-1 becomes '?', which plays the same part as the
    // character it replaces (no name, space, quote or '>'); values are cut from the string itself
    byte[] h = html.getBytes(StandardCharsets.ISO_8859_1);
    for (int open = 0; open + 2 < h.length; open++) {
      if (h[open] == '<' && (h[open + 1] == 'a' || h[open + 1] == 'A') && space(h[open + 2])) {
        int close = open + 3;
        while (close < h.length && h[close] != '>') {
          close++;
        }
        if (close == h.length) {
          break;
        }
        SimpleFile file = anchor(html, h, open + 3, close, links);
        if (file != null) {
          files.add(file);
        }
        open = close;
      }
    }
    return List.copyOf(files);
  }

  /**
   * The link of the anchor whose attributes are {@code h[from, to)}: every {@code name=value},
   * {@code name="value"} or {@code name='value'} in turn, as a scan for the first such pair from
   * each position finds them; the last {@code href} and {@code data-requires-python} count.
   */
  private static @Nullable SimpleFile anchor(
      String html, byte[] h, int from, int to, LinkResolver links) {
    String href = null;
    String requiresPython = null;
    int p = from;
    while (p < to) {
      if (!nameStart(h[p])) {
        p++;
        continue;
      }
      int nameEnd = p + 1;
      while (nameEnd < to && namePart(h[nameEnd])) {
        nameEnd++;
      }
      int k = skipSpace(h, nameEnd, to);
      if (k >= to || h[k] != '=') {
        p = nameEnd;
        continue;
      }
      k = skipSpace(h, k + 1, to);
      int valueStart;
      int valueEnd;
      int next;
      byte q = k < to ? h[k] : 0;
      if (q == '"' || q == '\'') {
        valueStart = k + 1;
        valueEnd = valueStart;
        while (valueEnd < to && h[valueEnd] != q) {
          valueEnd++;
        }
        if (valueEnd >= to) {
          p = nameEnd;
          continue;
        }
        next = valueEnd + 1;
      } else {
        valueStart = k;
        valueEnd = k;
        while (valueEnd < to && unquoted(h[valueEnd])) {
          valueEnd++;
        }
        if (valueEnd == valueStart) {
          p = nameEnd;
          continue;
        }
        next = valueEnd;
      }
      if (is(h, p, nameEnd, "href")) {
        href = unescape(html.substring(valueStart, valueEnd));
      } else if (is(h, p, nameEnd, "data-requires-python")) {
        requiresPython = unescape(html.substring(valueStart, valueEnd));
      }
      p = next;
    }
    return href == null ? null : toFile(href, requiresPython, links);
  }

  // ASCII names only: [-a-zA-Z0-9_:.]
  private static boolean is(byte[] h, int from, int to, String lowerName) {
    if (to - from != lowerName.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      int c = h[i];
      if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != lowerName.charAt(i - from)) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpace(byte[] s, int from, int to) {
    int i = from;
    while (i < to && space(s[i])) {
      i++;
    }
    return i;
  }

  // \s of java.util.regex
  private static boolean space(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  // [a-zA-Z_:]
  private static boolean nameStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  // [-a-zA-Z0-9_:.]
  private static boolean namePart(int c) {
    return nameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
  }

  // [^\s"'>]
  private static boolean unquoted(int c) {
    return !space(c) && c != '"' && c != '\'' && c != '>';
  }

  /**
   * Reads a PEP 691 JSON page ({@code {"files": [{"filename", "url", "hashes": {"sha256"},
   * "requires-python"}]}}). The version is the {@code {version}} segment of each URL, as for the
   * HTML page; a file's {@code filename} wins over the URL's last segment. Forgejo's URLs carry no
   * {@code #sha256=} fragment and an unset Requires-Python is {@code ""}.
   *
   * @throws IOException if the body is not such JSON
   */
  public static List<SimpleFile> parseJson(String json, HttpUrl pageUrl, ObjectMapper mapper)
      throws IOException {
    JsonNode root = mapper.readTree(json);
    if (root == null || !root.path("files").isArray()) {
      throw new IOException("simple page JSON has no \"files\" array");
    }
    LinkResolver links = new LinkResolver(pageUrl);
    List<SimpleFile> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      String url = f.path("url").asText("");
      if (url.isEmpty()) {
        continue;
      }
      String requiresPython =
          f.path("requires-python").isTextual() ? f.path("requires-python").asText() : null;
      SimpleFile file = toFile(url, requiresPython, links);
      if (file == null) {
        continue;
      }
      String sha256 = f.path("hashes").path("sha256").asText("");
      String filename = f.path("filename").asText("");
      files.add(
          new SimpleFile(
              filename.isEmpty() ? file.filename() : filename,
              file.version(),
              file.url(),
              HEX.matcher(sha256).matches()
                  ? Optional.of(sha256.toLowerCase(Locale.ROOT))
                  : file.sha256(),
              file.requiresPython()));
    }
    return List.copyOf(files);
  }

  private static @Nullable SimpleFile toFile(
      String href, @Nullable String requiresPython, LinkResolver links) {
    LinkResolver.Link url = links.resolve(href);
    if (url == null) {
      return null;
    }
    List<String> segments = url.pathSegments();
    if (segments.size() < 2 || segments.get(segments.size() - 1).isEmpty()) {
      return null;
    }
    String filename = segments.get(segments.size() - 1);
    String version = segments.get(segments.size() - 2);
    Optional<String> sha256 = Optional.empty();
    String fragment = url.fragment();
    if (fragment != null && fragment.startsWith("sha256=")) {
      String hex = fragment.substring("sha256=".length());
      if (HEX.matcher(hex).matches()) {
        sha256 = Optional.of(hex.toLowerCase(Locale.ROOT));
      }
    }
    Optional<String> rp =
        Optional.ofNullable(requiresPython).map(String::strip).filter(s -> !s.isEmpty());
    return new SimpleFile(filename, version, url.withoutFragment(), sha256, rp);
  }

  static String unescape(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder(s.length());
    while (m.find()) {
      String entity = m.group(1);
      String replacement;
      try {
        if (entity.startsWith("#x") || entity.startsWith("#X")) {
          replacement = new String(Character.toChars(Integer.parseInt(entity.substring(2), 16)));
        } else if (entity.startsWith("#")) {
          replacement = new String(Character.toChars(Integer.parseInt(entity.substring(1))));
        } else {
          replacement =
              switch (entity) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> m.group();
              };
        }
      } catch (IllegalArgumentException e) {
        replacement = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
