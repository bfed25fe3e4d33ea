package io.github.devpigiteasync.sync.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A token or password. Its {@link #toString()} is {@code ****}, so records holding it never print
 * it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a non-empty secret value.
   *
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value == null");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    return new Secret(value);
  }

  /** Returns the secret value; call it only where the value is sent to a server. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    // constant-time comparison: secrets are compared against request headers (webhook, API token)
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "****";
  }
}
