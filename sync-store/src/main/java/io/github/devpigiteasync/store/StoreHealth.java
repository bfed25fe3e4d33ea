package io.github.devpigiteasync.store;

import java.util.Objects;
import java.util.Optional;

/**
 * How recording is going, for {@code /health}.
 *
 * @param status {@code OK}, {@code DEGRADED} (the store cannot be written; events are buffered) or
 *     {@code OFF} (no store configured)
 * @param reason why it is degraded, without secrets; empty when OK
 * @param buffered events and runs waiting to be written
 * @param dropped events and runs lost since start because the buffer was full
 */
public record StoreHealth(Status status, Optional<String> reason, int buffered, long dropped) {

  /** Overall state of the store. */
  public enum Status {
    OK,
    DEGRADED,
    OFF
  }

  public StoreHealth {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(reason, "reason == null");
  }
}
