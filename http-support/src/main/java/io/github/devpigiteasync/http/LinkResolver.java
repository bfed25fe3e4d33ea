package io.github.devpigiteasync.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the file links of one listing (a simple page, a devpi project) against the listing's
 * URL, as {@link HttpUrl#resolve} does. Servers write absolute links that are canonical already
 * ({@code http://host:3000/api/packages/org/pypi/files/name/1.0/name-1.0.whl#sha256=…}); such a
 * link is taken as it is once its {@code scheme://authority/} prefix has been checked (once per
 * listing), which saves parsing a URL per file. Any other link (relative, with a query, percent
 * escapes, dot segments, upper-case or default-port authorities, characters a URL would escape)
 * goes through {@link HttpUrl#resolve}. Not thread-safe: one per listing.
 */
public final class LinkResolver {
  private final HttpUrl base;
  private @Nullable String canonicalPrefix;

  /** A resolver for the links of the listing at {@code base}. */
  public LinkResolver(HttpUrl base) {
    this.base = Objects.requireNonNull(base, "base == null");
  }

  /**
   * A resolved link.
   *
   * @param url the URL as {@link HttpUrl#toString()} writes it, fragment included
   * @param withoutFragment the same without its fragment
   * @param fragment the decoded fragment, if any
   * @param pathSegments the decoded path segments ({@link HttpUrl#pathSegments()})
   */
  public record Link(
      String url, String withoutFragment, @Nullable String fragment, List<String> pathSegments) {
    /** Copies the segments. */
    public Link {
      Objects.requireNonNull(url, "url == null");
      Objects.requireNonNull(withoutFragment, "withoutFragment == null");
      pathSegments = List.copyOf(pathSegments);
    }
  }

  /** Resolves {@code href}; {@code null} where {@link HttpUrl#resolve} gives none. */
  public @Nullable Link resolve(String href) {
    Link fast = canonicalAbsolute(href);
    if (fast != null) {
      return fast;
    }
    HttpUrl url = base.resolve(href);
    if (url == null) {
      return null;
    }
    String full = url.toString();
    String withoutFragment =
        url.encodedFragment() == null ? full : url.newBuilder().fragment(null).build().toString();
    return new Link(full, withoutFragment, url.fragment(), url.pathSegments());
  }

  private @Nullable Link canonicalAbsolute(String href) {
    int authority;
    if (href.startsWith("http://")) {
      authority = "http://".length();
    } else if (href.startsWith("https://")) {
      authority = "https://".length();
    } else {
      return null;
    }
    // one byte per character (anything beyond Latin-1 becomes '?', which is not safe): checking a
    // copy costs less than String.charAt per character, and less than a char[]
    byte[] c = href.getBytes(StandardCharsets.ISO_8859_1);
    int slash = authority;
    while (slash < c.length && c[slash] != '/') {
      byte a = c[slash];
      if (!((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') || a == '.' || a == '-' || a == ':')) {
        return null; // upper case, user info, IPv6, escapes: let HttpUrl decide
      }
      slash++;
    }
    if (slash == authority || slash == c.length) {
      return null;
    }
    List<String> segments = new ArrayList<>(12);
    int start = slash + 1;
    int hash = -1;
    for (int i = start; i <= c.length; i++) {
      byte x = i == c.length ? (byte) '#' : c[i];
      if (x == '/' || x == '#') {
        boolean last = x == '#';
        int length = i - start;
        if ((length == 0 && !last)
            || (length == 1 && c[start] == '.')
            || (length == 2 && c[start] == '.' && c[start + 1] == '.')) {
          return null; // empty or dot segments: HttpUrl's rules apply
        }
        segments.add(href.substring(start, i));
        start = i + 1;
        if (last) {
          hash = i;
          break;
        }
      } else if (!safe(x)) {
        return null;
      }
    }
    for (int i = hash + 1; i < c.length; i++) {
      if (!safe(c[i]) || c[i] == '/') {
        return null;
      }
    }
    String known = canonicalPrefix;
    if (known == null || known.length() != slash + 1 || !href.startsWith(known)) {
      String prefix = href.substring(0, slash + 1);
      HttpUrl parsed = HttpUrl.parse(prefix);
      if (parsed == null || !parsed.toString().equals(prefix)) {
        return null;
      }
      canonicalPrefix = prefix;
    }
    boolean fragment = hash < c.length;
    return new Link(
        href,
        fragment ? href.substring(0, hash) : href,
        fragment ? href.substring(hash + 1) : null,
        segments);
  }

  // Characters that a URL keeps as they are in a path and a fragment and that decode to themselves
  // (no '%', no '?', no '#'). '=' and '+' occur in fragments and devpi's "+f" paths.
  private static boolean safe(byte c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '-'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '='
        || c == '/';
  }
}
