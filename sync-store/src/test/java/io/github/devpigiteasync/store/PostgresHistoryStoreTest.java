package io.github.devpigiteasync.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Postgres.class)
class PostgresHistoryStoreTest extends HistoryStoreContract {
  private Postgres.Db db;

  @BeforeEach
  void database(Postgres.Db db) {
    this.db = db;
  }

  @Override
  StoreOptions options() {
    return db.options();
  }
}
