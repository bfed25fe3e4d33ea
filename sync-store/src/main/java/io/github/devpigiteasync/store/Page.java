package io.github.devpigiteasync.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a newest-first listing.
 *
 * @param items the items of this page
 * @param next the opaque cursor of the next page ({@link HistoryQuery.Builder#cursor}); empty on
 *     the last page
 * @param <T> item type
 */
public record Page<T>(List<T> items, Optional<String> next) {
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items == null"));
    Objects.requireNonNull(next, "next == null");
  }
}
