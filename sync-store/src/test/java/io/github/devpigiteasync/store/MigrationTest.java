package io.github.devpigiteasync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(Postgres.class)
class MigrationTest {
  @TempDir Path tmp;

  @Test
  void anEmptyPostgresDatabaseIsMigratedToTheLatestSchema(Postgres.Db db) throws Exception {
    try (HistoryStore store = HistoryStore.open(db.options())) {

      assertThat(versions(store)).containsExactly("1", "2");
      store.submitTrigger(Set.of(), Trigger.API);
    }
  }

  @Test
  void anEmptySqliteFileIsMigratedToTheLatestSchema() throws Exception {
    try (HistoryStore store = HistoryStore.open(StoreOptions.embedded(tmp, 90))) {

      assertThat(versions(store)).containsExactly("1", "2");
    }
  }

  @Test
  void aPostgresSchemaAtVersion1IsMigratedUpKeepingItsHistory(Postgres.Db db) throws Exception {
    migrateToV1(db.url(), "postgres", "");
    insertV1Run(() -> DriverManager.getConnection(db.url(), "postgres", ""));

    try (HistoryStore store = HistoryStore.open(db.options())) {

      assertThat(versions(store)).containsExactly("1", "2");
      assertThat(store.recentRuns(5)).extracting(RunRecord::id).containsExactly(V1_RUN);
      assertThat(store.submitTrigger(Set.of("m"), Trigger.WEBHOOK).mappings()).containsExactly("m");
    }
  }

  @Test
  void aSqliteSchemaAtVersion1IsMigratedUpKeepingItsHistory() throws Exception {
    String url = "jdbc:sqlite:" + tmp.resolve("history.db");
    migrateToV1(url, null, null);
    insertV1Run(() -> DriverManager.getConnection(url));

    try (HistoryStore store = HistoryStore.open(StoreOptions.embedded(tmp, 90))) {

      assertThat(versions(store)).containsExactly("1", "2");
      assertThat(store.recentRuns(5)).extracting(RunRecord::id).containsExactly(V1_RUN);
    }
  }

  @Test
  void theSchemaVersionAStoreSkipsFlywayAtIsTheHighestMigrationShipped() throws Exception {
    // a current schema is recognised without Flyway; a new migration must raise the version
    try (java.util.stream.Stream<Path> files =
        java.nio.file.Files.list(Path.of(Database.class.getResource("/db/migration").toURI()))) {
      int highest =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.matches("V\\d+__.*\\.sql"))
              .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
              .max()
              .orElseThrow();

      assertThat(Database.SCHEMA_VERSION).isEqualTo(highest);
    }
  }

  @Test
  void aCurrentSqliteStoreReopensWithItsHistory() throws Exception {
    try (HistoryStore store = HistoryStore.open(StoreOptions.embedded(tmp, 90))) {
      RunRecorder run = store.startRun(Set.of(Trigger.ONE_OFF));
      run.fail("boom");
      assertThat(store.flush(java.time.Duration.ofSeconds(10))).isTrue();
    }

    try (HistoryStore store = HistoryStore.open(StoreOptions.embedded(tmp, 90))) {

      assertThat(versions(store)).containsExactly("1", "2");
      assertThat(store.recentRuns(5))
          .singleElement()
          .extracting(RunRecord::error)
          .isEqualTo(Optional.of("boom"));
    }
  }

  private static final String V1_RUN = "01a21225-d900-74fb-a440-9b3d65c2ba36";

  private static void migrateToV1(String url, String user, String password) {
    Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/migration")
        .table("sync_schema_history")
        .target("1")
        .load()
        .migrate();
  }

  @FunctionalInterface
  interface Connect {
    Connection get() throws SQLException;
  }

  private static void insertV1Run(Connect connect) throws SQLException {
    try (Connection c = connect.get();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO sync_runs (id, triggers, started_ms, finished_ms, outcome, dry_run,"
              + " mappings, uploaded, present, conflicts, failed, skipped, planned, bytes, error)"
              + " VALUES ('"
              + V1_RUN
              + "', 'schedule', 1764000000000, 1764000001000, 'succeeded', 0, 'm',"
              + " 1, 2, 0, 0, 0, 0, 10, NULL)");
    }
  }

  private static java.util.List<String> versions(HistoryStore store) throws SQLException {
    try (Connection c = Optional.ofNullable(store.database()).orElseThrow().connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version FROM sync_schema_history WHERE success = "
                    + (store.options().kind() == StoreOptions.Kind.POSTGRES ? "true" : "1")
                    + " AND version IS NOT NULL ORDER BY installed_rank")) {
      java.util.List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }
}
