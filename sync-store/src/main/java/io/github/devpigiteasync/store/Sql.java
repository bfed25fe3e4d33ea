package io.github.devpigiteasync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The store's statements; portable SQL for SQLite and PostgreSQL. */
final class Sql {
  private static final String INSERT_EVENT =
      "INSERT INTO sync_events (run_id, seq, at_ms, mapping, organization, index_name, project,"
          + " version, filename, sha256, bytes, outcome, reason)"
          + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
          // a batch retried after an unclear commit must not fail on rows already written
          + " WHERE NOT EXISTS (SELECT 1 FROM sync_events WHERE run_id = ? AND seq = ?)";
  private static final String INSERT_RUN =
      "INSERT INTO sync_runs (id, triggers, started_ms, finished_ms, outcome, dry_run, mappings,"
          + " uploaded, present, conflicts, failed, skipped, planned, bytes, error)"
          + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
          + " WHERE NOT EXISTS (SELECT 1 FROM sync_runs WHERE id = ?)";
  private static final String EVENT_COLUMNS =
      "run_id, seq, at_ms, mapping, organization, index_name, project, version, filename, sha256,"
          + " bytes, outcome, reason";
  private static final String RUN_COLUMNS =
      "id, triggers, started_ms, finished_ms, outcome, dry_run, mappings, uploaded, present,"
          + " conflicts, failed, skipped, planned, bytes, error";
  private static final String MAPPING_SEPARATOR = "\n";

  private Sql() {}

  static void insertEvents(Connection c, List<HistoryEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(INSERT_EVENT)) {
      for (HistoryEvent e : events) {
        p.setString(1, e.run());
        p.setInt(2, e.seq());
        p.setLong(3, e.time().toEpochMilli());
        p.setString(4, clip(e.mapping(), 200));
        p.setString(5, clip(e.organization(), 200));
        p.setString(6, clip(e.index(), 200));
        p.setString(7, clip(e.project(), 200));
        p.setString(8, clip(e.version(), 200));
        p.setString(9, clip(e.filename(), 1000));
        p.setString(10, clip(e.sha256(), 64));
        p.setLong(11, e.bytes());
        p.setString(12, e.outcome().wireName());
        p.setString(13, clip(e.reason(), 4000));
        p.setString(14, e.run());
        p.setInt(15, e.seq());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  static void insertRuns(Connection c, List<RunRecord> runs) throws SQLException {
    if (runs.isEmpty()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(INSERT_RUN)) {
      for (RunRecord r : runs) {
        p.setString(1, r.id());
        p.setString(2, triggerText(r.triggers()));
        p.setLong(3, r.started().toEpochMilli());
        p.setLong(4, r.finished().toEpochMilli());
        p.setString(5, r.outcome().wireName());
        p.setInt(6, r.dryRun() ? 1 : 0);
        p.setString(7, clip(String.join(MAPPING_SEPARATOR, r.mappings()), 4000));
        p.setLong(8, r.counts().uploaded());
        p.setLong(9, r.counts().present());
        p.setLong(10, r.counts().conflict());
        p.setLong(11, r.counts().failed());
        p.setLong(12, r.counts().skipped());
        p.setLong(13, r.counts().planned());
        p.setLong(14, r.bytes());
        p.setString(15, r.error().map(e -> clip(e, 4000)).orElse(null));
        p.setString(16, r.id());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  static List<HistoryEvent> events(Connection c, HistoryQuery q, int fetch) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(EVENT_COLUMNS);
    sql.append(" FROM sync_events WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    q.mapping().ifPresent(v -> add(sql, args, " AND mapping = ?", v));
    q.project().ifPresent(v -> add(sql, args, " AND project = ?", v));
    q.filename().ifPresent(v -> add(sql, args, " AND filename = ?", v));
    q.outcome().ifPresent(v -> add(sql, args, " AND outcome = ?", v.wireName()));
    q.since().ifPresent(v -> add(sql, args, " AND at_ms >= ?", v.toEpochMilli()));
    if (q.cursor().isPresent()) {
      Cursor after = Cursor.decode(q.cursor().get());
      sql.append(" AND (at_ms < ? OR (at_ms = ? AND (run_id < ? OR (run_id = ? AND seq < ?))))");
      args.addAll(
          List.of(after.timeMillis(), after.timeMillis(), after.run(), after.run(), after.seq()));
    }
    sql.append(" ORDER BY at_ms DESC, run_id DESC, seq DESC LIMIT ?");
    args.add(fetch);
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      bind(p, args);
      try (ResultSet rs = p.executeQuery()) {
        List<HistoryEvent> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new HistoryEvent(
                  Instant.ofEpochMilli(rs.getLong(3)),
                  rs.getString(1),
                  rs.getInt(2),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  rs.getLong(11),
                  HistoryEvent.Outcome.valueOf(upper(rs.getString(12))),
                  rs.getString(13)));
        }
        return out;
      }
    }
  }

  static List<RunRecord> recentRuns(Connection c, int limit) throws SQLException {
    return runs(
        c,
        "SELECT " + RUN_COLUMNS + " FROM sync_runs ORDER BY started_ms DESC, id DESC LIMIT ?",
        limit);
  }

  static Optional<RunRecord> run(Connection c, String id) throws SQLException {
    return runs(c, "SELECT " + RUN_COLUMNS + " FROM sync_runs WHERE id = ?", id).stream()
        .findFirst();
  }

  private static List<RunRecord> runs(Connection c, String sql, Object arg) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      bind(p, List.of(arg));
      try (ResultSet rs = p.executeQuery()) {
        List<RunRecord> out = new ArrayList<>();
        while (rs.next()) {
          String mappings = rs.getString(7);
          out.add(
              new RunRecord(
                  rs.getString(1),
                  parseTriggers(rs.getString(2)),
                  Instant.ofEpochMilli(rs.getLong(3)),
                  Instant.ofEpochMilli(rs.getLong(4)),
                  RunRecord.Outcome.valueOf(upper(rs.getString(5))),
                  rs.getInt(6) != 0,
                  mappings.isEmpty() ? List.of() : List.of(mappings.split(MAPPING_SEPARATOR)),
                  new RunRecord.Counts(
                      rs.getLong(8),
                      rs.getLong(9),
                      rs.getLong(10),
                      rs.getLong(11),
                      rs.getLong(12),
                      rs.getLong(13)),
                  rs.getLong(14),
                  Optional.ofNullable(rs.getString(15))));
        }
        return out;
      }
    }
  }

  static void insertTrigger(Connection c, TriggerRequest t) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO sync_triggers (id, requested_ms, origin, mappings) VALUES (?, ?, ?, ?)")) {
      p.setString(1, t.id());
      p.setLong(2, t.requested().toEpochMilli());
      p.setString(3, t.origin().wireName());
      p.setString(4, clip(String.join(MAPPING_SEPARATOR, t.mappings()), 4000));
      p.executeUpdate();
    }
  }

  /** Removes and returns the waiting triggers, oldest first; a trigger is claimed only once. */
  static List<TriggerRequest> claimTriggers(Connection c) throws SQLException {
    List<TriggerRequest> waiting = new ArrayList<>();
    try (PreparedStatement p =
            c.prepareStatement(
                "SELECT id, requested_ms, origin, mappings FROM sync_triggers"
                    + " ORDER BY requested_ms, id");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        String mappings = rs.getString(4);
        waiting.add(
            new TriggerRequest(
                rs.getString(1),
                mappings.isEmpty() ? Set.of() : Set.of(mappings.split(MAPPING_SEPARATOR)),
                Trigger.parse(rs.getString(3)),
                Instant.ofEpochMilli(rs.getLong(2))));
      }
    }
    List<TriggerRequest> claimed = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("DELETE FROM sync_triggers WHERE id = ?")) {
      for (TriggerRequest t : waiting) {
        p.setString(1, t.id());
        if (p.executeUpdate() == 1) {
          claimed.add(t);
        }
      }
    }
    return claimed;
  }

  /** Deletes history and stale triggers older than {@code cutoff}; returns the rows deleted. */
  static int prune(Connection c, Instant cutoff, Instant triggerCutoff) throws SQLException {
    int n = 0;
    n += delete(c, "DELETE FROM sync_events WHERE at_ms < ?", cutoff.toEpochMilli());
    n += delete(c, "DELETE FROM sync_runs WHERE started_ms < ?", cutoff.toEpochMilli());
    n +=
        delete(c, "DELETE FROM sync_triggers WHERE requested_ms < ?", triggerCutoff.toEpochMilli());
    return n;
  }

  private static int delete(Connection c, String sql, long before) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, before);
      return p.executeUpdate();
    }
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
    sql.append(clause);
    args.add(value);
  }

  private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof String s) {
        p.setString(i + 1, s);
      } else if (a instanceof Integer n) {
        p.setInt(i + 1, n);
      } else {
        p.setLong(i + 1, (Long) a);
      }
    }
  }

  static String triggerText(Set<Trigger> triggers) {
    return String.join(",", triggers.stream().sorted().map(Trigger::wireName).toList());
  }

  private static Set<Trigger> parseTriggers(String text) {
    Set<Trigger> out = new LinkedHashSet<>();
    Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).map(Trigger::parse).forEach(out::add);
    return out;
  }

  private static String upper(String s) {
    return s.toUpperCase(java.util.Locale.ROOT);
  }

  static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
