package io.github.devpigiteasync.devpi.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** PEP 503 project name normalisation, as devpi applies it to URLs. */
public final class Pep503 {
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  private Pep503() {}

  /** {@code re.sub(r"[-_.]+", "-", name).lower()}. */
  public static String normalize(String name) {
    return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }
}
