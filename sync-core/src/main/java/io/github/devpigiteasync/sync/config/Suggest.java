package io.github.devpigiteasync.sync.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name a user most likely meant when they typed an unknown one. */
final class Suggest {
  private Suggest() {}

  static Optional<String> closest(String typed, Collection<String> known) {
    String t = typed.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    if (t.isEmpty()) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      String c = k.toLowerCase(Locale.ROOT);
      int d = c.equals(t) ? 0 : distance(t, c);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int allowed = t.length() <= 4 ? 1 : 2;
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  // Levenshtein distance with adjacent transpositions counted as one edit ("tokne" -> "token").
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
