package io.github.devpigiteasync.sync.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS settings of one server ({@code verify_ssl}): verification on or off, and an optional PEM CA
 * bundle used instead of the JDK trust store.
 */
public record Tls(boolean verify, Optional<Path> caBundle) {
  public Tls {
    Objects.requireNonNull(caBundle, "caBundle == null");
    if (!verify && caBundle.isPresent()) {
      throw new IllegalArgumentException("a CA bundle requires verify = true");
    }
  }

  /** Verification on, JDK trust store ({@code verify_ssl = true}). */
  public static Tls defaults() {
    return new Tls(true, Optional.empty());
  }

  /** Verification off ({@code verify_ssl = false}). */
  public static Tls insecure() {
    return new Tls(false, Optional.empty());
  }

  /** Verification against the certificates of a PEM file ({@code verify_ssl = /path/ca.pem}). */
  public static Tls caBundle(Path pemFile) {
    return new Tls(true, Optional.of(pemFile));
  }
}
