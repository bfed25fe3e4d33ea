package io.github.devpigiteasync.sync.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Package-name globs ({@code *}, {@code ?}, {@code [...]}) matched against PEP 503 canonical names.
 */
final class Globs {
  private final List<Pattern> patterns;

  private Globs(List<Pattern> patterns) {
    this.patterns = patterns;
  }

  static Globs of(List<String> globs) {
    return new Globs(globs.stream().map(Globs::compile).toList());
  }

  boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** Whether the canonical form of {@code name} matches any glob. */
  boolean matches(String name) {
    String canonical = Names.canonical(name);
    return patterns.stream().anyMatch(p -> p.matcher(canonical).matches());
  }

  private static Pattern compile(String glob) {
    String g = glob.strip();
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*' || c == '?' || (c == '[' && g.indexOf(']', i + 1) > i + 1)) {
        regex.append(quote(literal));
        literal.setLength(0);
        if (c == '*') {
          regex.append(".*");
        } else if (c == '?') {
          regex.append('.');
        } else {
          int end = g.indexOf(']', i + 1);
          String set = g.substring(i + 1, end);
          boolean negate = set.startsWith("!");
          String body =
              Names.canonical(negate ? set.substring(1) : set)
                  .replace("\\", "\\\\")
                  .replace("[", "\\[");
          regex.append('[').append(negate ? "^" : "").append(body).append(']');
          i = end;
        }
      } else {
        literal.append(c);
      }
    }
    regex.append(quote(literal));
    return Pattern.compile(regex.toString());
  }

  // Literal runs are canonicalised like the names they are matched against ("Data_Utils*" matches
  // "data-utils-x").
  private static String quote(CharSequence literal) {
    return literal.length() == 0 ? "" : Pattern.quote(Names.canonical(literal.toString()));
  }
}
