package io.github.devpigiteasync.sync.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Python packaging name and version rules the engine relies on. */
public final class Names {
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");
  private static final Pattern PRE =
      Pattern.compile("(?<=\\d)[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?=\\d|$)");
  private static final Pattern POST = Pattern.compile("(?<=\\d)[-_.]?(post|rev|r)[-_.]?(?=\\d|$)");
  private static final Pattern DEV = Pattern.compile("(?<=\\d)[-_.]?dev[-_.]?(?=\\d|$)");

  private Names() {}

  /** PEP 503 canonical form: runs of {@code -_.} become one {@code -}, lower case. */
  public static String canonical(String name) {
    return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
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
