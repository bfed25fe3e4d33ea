package io.github.devpigiteasync.server;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which mappings one sync pass covers and what asked for it.
 *
 * @param mappings the mapping names to sync; empty means every selected mapping
 * @param triggers what requested the pass ({@code startup}, {@code schedule}, {@code api}, {@code
 *     webhook})
 */
public record PassScope(Set<String> mappings, Set<String> triggers) {

  public PassScope {
    mappings = Set.copyOf(Objects.requireNonNull(mappings, "mappings == null"));
    triggers = Set.copyOf(Objects.requireNonNull(triggers, "triggers == null"));
  }

  /** A pass over every selected mapping. */
  public static PassScope all(String trigger) {
    return new PassScope(Set.of(), Set.of(trigger));
  }

  /** A pass over the named mappings only. */
  public static PassScope of(Set<String> mappings, String trigger) {
    if (mappings.isEmpty()) {
      throw new IllegalArgumentException("a targeted pass needs at least one mapping");
    }
    return new PassScope(mappings, Set.of(trigger));
  }

  /** Whether this pass covers every selected mapping. */
  public boolean isAll() {
    return mappings.isEmpty();
  }

  /** Whether this pass covers the named mapping. */
  public boolean covers(String mapping) {
    return mappings.isEmpty() || mappings.contains(mapping);
  }

  /** The smallest scope covering both: a full pass absorbs a targeted one. */
  public PassScope merge(PassScope other) {
    Set<String> t = new TreeSet<>(triggers);
    t.addAll(other.triggers);
    if (isAll() || other.isAll()) {
      return new PassScope(Set.of(), t);
    }
    Set<String> m = new TreeSet<>(mappings);
    m.addAll(other.mappings);
    return new PassScope(m, t);
  }

  /** The triggers as one sorted, comma-separated word list, e.g. {@code api,webhook}. */
  public String triggerText() {
    return String.join(",", new TreeSet<>(triggers)).toLowerCase(Locale.ROOT);
  }
}
