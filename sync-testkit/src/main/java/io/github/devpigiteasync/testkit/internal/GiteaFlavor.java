package io.github.devpigiteasync.testkit.internal;

/**
 * What the simulated server does differently by product and version: Gitea after {@code
 * notes/gitea-api.md}, Forgejo after {@code notes/forgejo.md} (its package API is Gitea 1.23's,
 * with auth changes in v11 and v12 and a PEP 691 JSON simple page from v16).
 */
final class GiteaFlavor {
  private final boolean forgejo;
  private final int major;
  private final int minor;

  GiteaFlavor(boolean forgejo, String version) {
    this.forgejo = forgejo;
    String[] parts = version.split("[^0-9]+");
    this.major = parts.length > 0 && !parts[0].isEmpty() ? Integer.parseInt(parts[0]) : 0;
    this.minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
  }

  boolean forgejo() {
    return forgejo;
  }

  /** The package API level, as a Gitea version: Forgejo's is always 1.23. */
  boolean packageApiAtLeast(int maj, int min) {
    int m = forgejo ? 1 : major;
    int n = forgejo ? 23 : minor;
    return m > maj || (m == maj && n >= min);
  }

  /** Gitea 1.25+ and Forgejo v12+ accept {@code Token}; before, only lower-case {@code token}. */
  boolean anyCaseTokenScheme() {
    return forgejo ? major >= 12 : packageApiAtLeast(1, 25);
  }

  /** Gitea 1.23 and Forgejo v7-v10 check the owner before requiring a token. */
  boolean ownerCheckedBeforeToken() {
    return forgejo ? major <= 10 : !packageApiAtLeast(1, 24);
  }

  /** Forgejo v12+ lets anonymous callers read public owners' packages. */
  boolean anonymousReadsPublicOwners() {
    return forgejo && major >= 12;
  }

  /** Forgejo v16+ answers a JSON {@code Accept} on the simple page with PEP 691 JSON. */
  boolean jsonSimplePage() {
    return forgejo && major >= 16;
  }
}
