package io.github.devpigiteasync.sync.config;

import java.util.Optional;

/** Checks package-name globs: {@code *}, {@code ?} and {@code [...]} (with {@code !} to negate). */
final class GlobSyntax {
  private GlobSyntax() {}

  /** Why {@code glob} is not a valid glob, if it is not. */
  static Optional<String> error(String glob) {
    if (glob.isBlank()) {
      return Optional.of("empty glob; expected a package name pattern such as acme-*");
    }
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (Character.isWhitespace(c)) {
        return Optional.of("'" + glob + "' contains white space; package names have none");
      }
      if (c == ']') {
        return Optional.of("'" + glob + "' has a ']' without '['");
      }
      if (c == '[') {
        int start = i + 1;
        if (start < glob.length() && glob.charAt(start) == '!') {
          start++;
        }
        int end = glob.indexOf(']', start);
        if (end < 0) {
          return Optional.of("'" + glob + "' has a '[' without a closing ']'");
        }
        if (end == start) {
          return Optional.of("'" + glob + "' has an empty character set []");
        }
        if (glob.substring(start, end).indexOf('[') >= 0) {
          return Optional.of("'" + glob + "' nests '[' inside a character set");
        }
        i = end;
      }
    }
    return Optional.empty();
  }
}
