package io.github.devpigiteasync.gitea.model;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version string a server reports ({@code GET /api/v1/version}).
 *
 * <p>Forgejo reports its own version followed by {@code +gitea-<compatible version>}; {@link
 * #atLeast} then compares the Gitea-compatible part.
 *
 * @param raw the string exactly as reported, e.g. {@code 1.23.8} or {@code 11.0.1+gitea-1.22.0}
 */
public record GiteaVersion(String raw) {
  private static final Pattern MAJOR_MINOR = Pattern.compile("^v?(\\d+)\\.(\\d+)");
  private static final String FORGEJO_MARKER = "+gitea-";

  public GiteaVersion {
    Objects.requireNonNull(raw, "raw == null");
  }

  /**
   * Returns whether the (Gitea-compatible) version is at least {@code major.minor}. An unparseable
   * version answers {@code false}, so callers take the conservative path that works on old servers.
   */
  public boolean atLeast(int major, int minor) {
    String s = raw.trim();
    int marker = s.indexOf(FORGEJO_MARKER);
    if (marker >= 0) {
      s = s.substring(marker + FORGEJO_MARKER.length());
    }
    Matcher m = MAJOR_MINOR.matcher(s);
    if (!m.find()) {
      return false;
    }
    int maj;
    int min;
    try {
      maj = Integer.parseInt(m.group(1));
      min = Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      return false;
    }
    return maj > major || (maj == major && min >= minor);
  }

  /** Returns whether the server is Forgejo (its version carries a {@code +gitea-} suffix). */
  public boolean isForgejo() {
    return raw.contains(FORGEJO_MARKER);
  }
}
