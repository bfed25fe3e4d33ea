package io.github.devpigiteasync.sync.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Python packaging name and version rules the engine relies on. */
public final class Names {
  private static final Pattern PRE =
      Pattern.compile("(?<=\\d)[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?=\\d|$)");
  private static final Pattern POST = Pattern.compile("(?<=\\d)[-_.]?(post|rev|r)[-_.]?(?=\\d|$)");
  private static final Pattern DEV = Pattern.compile("(?<=\\d)[-_.]?dev[-_.]?(?=\\d|$)");

  private Names() {}

  /** PEP 503 canonical form: runs of {@code -_.} become one {@code -}, lower case. */
  public static String canonical(String name) {
    // Called for every file of every pass (several times per file), mostly with names that are
    // canonical already: one scan, and no copy when nothing changes. Same result as replacing
    // [-_.]+ with "-" and lower-casing with Locale.ROOT.
    int n = name.length();
    int i = 0;
    while (i < n) {
      char c = name.charAt(i);
      if (c == '_' || c == '.' || (c == '-' && i + 1 < n && isSeparator(name.charAt(i + 1)))) {
        break;
      }
      if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
        break;
      }
      i++;
    }
    if (i == n) {
      return name;
    }
    StringBuilder out = new StringBuilder(n).append(name, 0, i);
    boolean inRun = false;
    for (; i < n; i++) {
      char c = name.charAt(i);
      if (isSeparator(c)) {
        if (!inRun) {
          out.append('-');
          inRun = true;
        }
      } else {
        out.append(c);
        inRun = false;
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static boolean isSeparator(char c) {
    return c == '-' || c == '_' || c == '.';
  }

  /**
   * A light PEP 440 normalisation, enough to tell whether the version in a file name and the
   * version Gitea stores name the same release ({@code v1.0-RC1} and {@code 1.0rc1}, wheel-escaped
   * {@code 1.0_post1}).
   */
  static String normalizeVersion(String version) {
    String v = version.strip().toLowerCase(Locale.ROOT);
    if (v.startsWith("v")) {
      v = v.substring(1);
    }
    v = PRE.matcher(v).replaceAll(m -> preLetter(m.group(1)));
    v = POST.matcher(v).replaceAll(".post");
    v = DEV.matcher(v).replaceAll(".dev");
    int plus = v.indexOf('+');
    String local = "";
    if (plus >= 0) {
      local = "+" + v.substring(plus + 1).replaceAll("[-_]", ".");
      v = v.substring(0, plus);
    }
    return v.replace('_', '.').replace('-', '.') + local;
  }

  /** Whether two version strings name the same release under {@link #normalizeVersion}. */
  static boolean sameVersion(String a, String b) {
    return a.equals(b) || normalizeVersion(a).equals(normalizeVersion(b));
  }

  private static String preLetter(String spelling) {
    return switch (spelling) {
      case "alpha", "a" -> "a";
      case "beta", "b" -> "b";
      default -> "rc";
    };
  }
}
