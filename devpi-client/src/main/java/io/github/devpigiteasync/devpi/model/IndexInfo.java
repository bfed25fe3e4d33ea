package io.github.devpigiteasync.devpi.model;

import java.util.List;
import java.util.Objects;

/**
 * Configuration of one devpi index, from {@code GET /{user}/{index}?no_projects=}.
 *
 * @param name the index as {@code user/index}
 * @param type the index type, usually {@code "stage"} (or {@code "mirror"})
 * @param volatileIndex whether files may be overwritten and deleted without {@code force}
 * @param bases the indices this one inherits from, each as {@code user/index}
 */
public record IndexInfo(String name, String type, boolean volatileIndex, List<String> bases) {

  public IndexInfo {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(type, "type == null");
    bases = List.copyOf(bases);
  }
}
