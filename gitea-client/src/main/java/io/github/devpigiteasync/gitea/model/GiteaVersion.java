package io.github.devpigiteasync.gitea.model;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version string a server reports ({@code GET /api/v1/version}).
 *
 * <p>It says what the server calls itself, not which API it has: Forgejo reports {@code
 * 15.0.3+gitea-1.22.0} (or a bare {@code 15.0.3}), which compares as 15.0. Use {@link
 * ServerInfo#packageApiAtLeast} for feature checks.
 *
 * @param raw the string exactly as reported, e.g. {@code 1.23.8} or {@code 11.0.1+gitea-1.22.0}
 */
public record GiteaVersion(String raw) {
  private static final Pattern MAJOR_MINOR = Pattern.compile("^v?(\\d+)\\.(\\d+)");
  private static final String FORGEJO_SUFFIX = "+gitea-";

  public GiteaVersion {
    Objects.requireNonNull(raw, "raw == null");
  }

  /**
   * Returns whether the reported version is at least {@code major.minor}. An unparseable version
   * answers {@code false}, so callers take the conservative path that works on old servers.
   */
  public boolean atLeast(int major, int minor) {
    Matcher m = MAJOR_MINOR.matcher(raw.trim());
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

  /**
   * Returns whether the string carries the {@code +gitea-<version>} suffix of an official Forgejo
   * build. Its absence proves nothing: builds from a source tarball report a bare version.
   */
  public boolean hasForgejoSuffix() {
    return raw.contains(FORGEJO_SUFFIX);
  }
}
