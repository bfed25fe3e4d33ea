package io.github.devpigiteasync.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest's {@code Implementation-Version}. */
final class ManifestVersionProvider implements CommandLine.IVersionProvider {
  /** Shown when running from classes rather than from a built jar. */
  static final String UNKNOWN = "unknown (not running from a packaged jar)";

  @Override
  public String[] getVersion() {
    return new String[] {"devpi-gitea-sync " + version()};
  }

  /** The version from the manifest of the jar holding this class, or {@link #UNKNOWN}. */
  static String version() {
    Package p = ManifestVersionProvider.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null || v.isBlank() ? UNKNOWN : v;
  }
}
