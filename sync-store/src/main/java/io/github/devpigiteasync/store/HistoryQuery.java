package io.github.devpigiteasync.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Filters for {@link HistoryStore#events}: every filter present must match; results come newest
 * first, {@code limit} at a time.
 *
 * <pre>{@code
 * HistoryQuery q = HistoryQuery.builder().project("Acme_Core").outcome(HistoryEvent.Outcome.UPLOADED)
 *     .since(Instant.parse("2026-11-01T00:00:00Z")).limit(50).build();
 * // or, from GET /api/history?project=Acme_Core&outcome=uploaded&limit=50:
 * HistoryQuery same = HistoryQuery.parse(exchange.getQueryParameters());
 * }</pre>
 *
 * @param mapping only this mapping
 * @param project only this project, PEP 503 canonical form (the builder normalises it)
 * @param filename only this exact file name
 * @param outcome only this outcome
 * @param since only events at or after this time
 * @param limit page size, 1 to {@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT})
 * @param cursor where the page starts: the {@link Page#next()} of the previous page
 */
public record HistoryQuery(
    Optional<String> mapping,
    Optional<String> project,
    Optional<String> filename,
    Optional<HistoryEvent.Outcome> outcome,
    Optional<Instant> since,
    int limit,
    Optional<String> cursor) {

  /** Page size when none is given. */
  public static final int DEFAULT_LIMIT = 100;

  /** The largest page; larger limits are capped to it. */
  public static final int MAX_LIMIT = 1000;

  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");
  private static final List<String> PARAMETERS =
      List.of("mapping", "project", "filename", "outcome", "since", "limit", "cursor");

  /**
   * Checks the query.
   *
   * @throws HistoryQueryException when {@code limit} is below 1 or the cursor is not one this store
   *     handed out
   */
  public HistoryQuery {
    Objects.requireNonNull(mapping, "mapping == null");
    Objects.requireNonNull(project, "project == null");
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(since, "since == null");
    Objects.requireNonNull(cursor, "cursor == null");
    if (limit < 1) {
      throw new HistoryQueryException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
    }
    limit = Math.min(limit, MAX_LIMIT);
    project = project.map(HistoryQuery::canonical);
    cursor.ifPresent(Cursor::decode);
  }

  /** The newest {@value #DEFAULT_LIMIT} events, unfiltered. */
  public static HistoryQuery all() {
    return builder().build();
  }

  /** Starts an unfiltered query. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a query from HTTP query parameters ({@code mapping}, {@code project}, {@code filename},
   * {@code outcome}, {@code since}, {@code limit}, {@code cursor}); empty values are ignored.
   *
   * @throws HistoryQueryException naming the parameter when one is unknown, repeated or not valid
   */
  public static HistoryQuery parse(Map<String, ? extends Iterable<String>> parameters) {
    Builder b = builder();
    for (Map.Entry<String, ? extends Iterable<String>> e : parameters.entrySet()) {
      String name = e.getKey();
      if (!PARAMETERS.contains(name)) {
        throw new HistoryQueryException(
            "unknown parameter '" + name + "'; known: " + String.join(", ", PARAMETERS));
      }
      String value = null;
      for (String v : e.getValue()) {
        if (value != null) {
          throw new HistoryQueryException("parameter '" + name + "' is given more than once");
        }
        value = v;
      }
      if (value == null || value.isBlank()) {
        continue;
      }
      String v = value.strip();
      switch (name) {
        case "mapping" -> b.mapping(v);
        case "project" -> b.project(v);
        case "filename" -> b.filename(v);
        case "outcome" -> b.outcome(parseOutcome(v));
        case "since" -> b.since(parseTime("since", v));
        case "limit" -> b.limit(parseLimit(v));
        default -> b.cursor(v);
      }
    }
    return b.build();
  }

  /**
   * Reads an ISO-8601 time: {@code 2026-11-25T10:00:00Z}, with an offset ({@code +01:00}), or a
   * date ({@code 2026-11-25}, midnight UTC).
   *
   * @throws HistoryQueryException naming {@code parameter} when the text is none of these
   */
  public static Instant parseTime(String parameter, String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notDateTime) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        throw new HistoryQueryException(
            parameter
                + " must be an ISO-8601 time such as 2026-11-25T10:00:00Z or a date such as"
                + " 2026-11-25: "
                + text);
      }
    }
  }

  private static HistoryEvent.Outcome parseOutcome(String v) {
    for (HistoryEvent.Outcome o : HistoryEvent.Outcome.values()) {
      if (o.wireName().equals(v.toLowerCase(Locale.ROOT))) {
        return o;
      }
    }
    throw new HistoryQueryException("outcome must be one of uploaded, failed, conflict: " + v);
  }

  private static int parseLimit(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new HistoryQueryException(
          "limit must be a whole number between 1 and " + MAX_LIMIT + ": " + v);
    }
  }

  static String canonical(String name) {
    return SEPARATORS.matcher(name.strip()).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  /** Builds a {@link HistoryQuery}; every filter is optional. */
  public static final class Builder {
    private @Nullable String mapping;
    private @Nullable String project;
    private @Nullable String filename;
    private HistoryEvent.@Nullable Outcome outcome;
    private @Nullable Instant since;
    private int limit = DEFAULT_LIMIT;
    private @Nullable String cursor;

    private Builder() {}

    /** Only events of this mapping. */
    public Builder mapping(String mapping) {
      this.mapping = Objects.requireNonNull(mapping, "mapping == null");
      return this;
    }

    /** Only events of this project, compared after PEP 503 normalisation. */
    public Builder project(String project) {
      this.project = Objects.requireNonNull(project, "project == null");
      return this;
    }

    /** Only events of this exact file name. */
    public Builder filename(String filename) {
      this.filename = Objects.requireNonNull(filename, "filename == null");
      return this;
    }

    /** Only events with this outcome. */
    public Builder outcome(HistoryEvent.Outcome outcome) {
      this.outcome = Objects.requireNonNull(outcome, "outcome == null");
      return this;
    }

    /** Only events at or after this time. */
    public Builder since(Instant since) {
      this.since = Objects.requireNonNull(since, "since == null");
      return this;
    }

    /** Page size (default {@value #DEFAULT_LIMIT}; capped at {@value #MAX_LIMIT}). */
    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    /** Continue after the page whose {@link Page#next()} this is. */
    public Builder cursor(String cursor) {
      this.cursor = Objects.requireNonNull(cursor, "cursor == null");
      return this;
    }

    /**
     * Builds the query.
     *
     * @throws HistoryQueryException when the limit or the cursor is not valid
     */
    public HistoryQuery build() {
      return new HistoryQuery(
          Optional.ofNullable(mapping),
          Optional.ofNullable(project),
          Optional.ofNullable(filename),
          Optional.ofNullable(outcome),
          Optional.ofNullable(since),
          limit,
          Optional.ofNullable(cursor));
    }
  }
}
