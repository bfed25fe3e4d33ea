package io.github.devpigiteasync.gitea;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Filter for {@link PackagesService#list}.
 *
 * @param type package type in lower case ({@code pypi}); empty means every type
 * @param q case-insensitive <em>substring</em> filter on the name (Gitea does not escape {@code %}
 *     and {@code _}); {@code null} for no filter. Compare exact names yourself.
 */
public record PackageQuery(String type, @Nullable String q) {
  public PackageQuery {
    Objects.requireNonNull(type, "type == null");
  }

  /** All PyPI package versions of an owner. */
  public static PackageQuery pypi() {
    return new PackageQuery("pypi", null);
  }

  /** PyPI package versions whose name contains {@code q}, ignoring case. */
  public static PackageQuery pypi(String q) {
    return new PackageQuery("pypi", Objects.requireNonNull(q, "q == null"));
  }
}
