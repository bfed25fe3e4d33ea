package io.github.devpigiteasync.sync.config;

import java.util.List;
import java.util.Locale;

/**
 * A mapping selection ({@link SyncConfig#select}) matches nothing: a requested organization or
 * mapping name is unknown, or no mapping has both a requested organization and a requested name.
 * The accessors carry the names, so that each front end can word the problem with its own terms;
 * the message is a plain-English fallback.
 */
public final class SelectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> unknownOrganizations;
  private final transient List<String> knownOrganizations;
  private final transient List<String> unknownMappings;
  private final transient List<String> knownMappings;
  private final transient List<String> requestedOrganizations;
  private final transient List<String> requestedMappings;
  private final transient List<String> mappingsOfRequestedOrganizations;

  private SelectionException(
      String message,
      List<String> unknownOrganizations,
      List<String> knownOrganizations,
      List<String> unknownMappings,
      List<String> knownMappings,
      List<String> requestedOrganizations,
      List<String> requestedMappings,
      List<String> mappingsOfRequestedOrganizations) {
    super(message);
    this.unknownOrganizations = List.copyOf(unknownOrganizations);
    this.knownOrganizations = List.copyOf(knownOrganizations);
    this.unknownMappings = List.copyOf(unknownMappings);
    this.knownMappings = List.copyOf(knownMappings);
    this.requestedOrganizations = List.copyOf(requestedOrganizations);
    this.requestedMappings = List.copyOf(requestedMappings);
    this.mappingsOfRequestedOrganizations = List.copyOf(mappingsOfRequestedOrganizations);
  }

  static SelectionException unknownNames(
      List<String> unknownOrganizations,
      List<String> knownOrganizations,
      List<String> unknownMappings,
      List<String> knownMappings) {
    StringBuilder message = new StringBuilder();
    if (!unknownOrganizations.isEmpty()) {
      message.append(
          String.format(
              Locale.ROOT,
              "no mapping reads organization %s; known organizations: %s",
              quoteAll(unknownOrganizations),
              String.join(", ", knownOrganizations)));
    }
    if (!unknownMappings.isEmpty()) {
      if (message.length() > 0) {
        message.append('\n');
      }
      message.append(
          String.format(
              Locale.ROOT,
              "no mapping named %s; known mappings: %s",
              quoteAll(unknownMappings),
              String.join(", ", knownMappings)));
    }
    return new SelectionException(
        message.toString(),
        unknownOrganizations,
        knownOrganizations,
        unknownMappings,
        knownMappings,
        List.of(),
        List.of(),
        List.of());
  }

  static SelectionException noCommonMapping(
      List<String> organizations, List<String> mappings, List<String> mappingsOfOrganizations) {
    return new SelectionException(
        String.format(
            Locale.ROOT,
            "no mapping reads organization %s and is named %s; mappings of those organizations: %s",
            String.join(", ", organizations),
            String.join(", ", mappings),
            String.join(", ", mappingsOfOrganizations)),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        organizations,
        mappings,
        mappingsOfOrganizations);
  }

  /** Whether every name is known, but no mapping matches both an organization and a name. */
  public boolean noCommonMapping() {
    return unknownOrganizations.isEmpty() && unknownMappings.isEmpty();
  }

  /** Requested organizations that no mapping reads. */
  public List<String> unknownOrganizations() {
    return unknownOrganizations;
  }

  /** The organizations the mappings read, in config order (set when some are unknown). */
  public List<String> knownOrganizations() {
    return knownOrganizations;
  }

  /** Requested mapping names that no mapping has. */
  public List<String> unknownMappings() {
    return unknownMappings;
  }

  /** The mapping names, in config order (set when some are unknown). */
  public List<String> knownMappings() {
    return knownMappings;
  }

  /** The requested organizations, when no mapping matches both filters. */
  public List<String> requestedOrganizations() {
    return requestedOrganizations;
  }

  /** The requested mapping names, when no mapping matches both filters. */
  public List<String> requestedMappings() {
    return requestedMappings;
  }

  /** The mappings that read a requested organization, when no mapping matches both filters. */
  public List<String> mappingsOfRequestedOrganizations() {
    return mappingsOfRequestedOrganizations;
  }

  /** The names in single quotes, comma-separated: {@code 'a', 'b'}. */
  public static String quoteAll(List<String> names) {
    return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }
}
