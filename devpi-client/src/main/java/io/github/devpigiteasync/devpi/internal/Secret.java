package io.github.devpigiteasync.devpi.internal;

import java.util.Objects;

/** Holds a password or token; {@link #toString()} never shows it. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value == null");
  }

  /** The secret itself; call only where it is put on the wire. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }
}
