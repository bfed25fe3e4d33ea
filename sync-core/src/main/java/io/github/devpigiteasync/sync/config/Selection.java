package io.github.devpigiteasync.sync.config;

import java.util.List;

/** The mappings chosen by {@code --org}/{@code --mapping}, in config order. */
public record Selection(List<Mapping> mappings) {
  public Selection {
    mappings = List.copyOf(mappings);
  }
}
