package io.github.devpigiteasync.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * A pass requested through a standby and handed to the leader through the store.
 *
 * @param id unique id of the request
 * @param mappings mapping names to sync; empty means every mapping
 * @param origin what asked ({@link Trigger#API} or {@link Trigger#WEBHOOK})
 * @param requested when the standby accepted it
 */
public record TriggerRequest(String id, Set<String> mappings, Trigger origin, Instant requested) {
  public TriggerRequest {
    Objects.requireNonNull(id, "id == null");
    mappings = Set.copyOf(Objects.requireNonNull(mappings, "mappings == null"));
    Objects.requireNonNull(origin, "origin == null");
    // the store keeps milliseconds; a record reads back equal to the one recorded
    requested =
        Objects.requireNonNull(requested, "requested == null").truncatedTo(ChronoUnit.MILLIS);
  }
}
