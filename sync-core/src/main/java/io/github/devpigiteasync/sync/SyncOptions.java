package io.github.devpigiteasync.sync;

import java.util.List;
import java.util.Objects;

/**
 * Per-run switches that are not part of the configuration file.
 *
 * @param force upload files again even when devpi already holds them
 * @param packageFilters extra package-name globs ({@code --package-filter}); empty means no extra
 *     filter
 */
public record SyncOptions(boolean force, List<String> packageFilters) {
  public SyncOptions {
    packageFilters = List.copyOf(Objects.requireNonNull(packageFilters, "packageFilters == null"));
  }

  /** No force, no extra filters. */
  public static SyncOptions defaults() {
    return new SyncOptions(false, List.of());
  }
}
