package io.github.devpigiteasync.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a fresh database on one real PostgreSQL started once per test JVM (embedded binaries,
 * no installation needed).
 */
public final class Postgres implements ParameterResolver {

  /**
   * One database on the shared server (sync-server's tests use it through this module's test jar).
   */
  public record Db(EmbeddedPostgres server, String name) {
    public String url() {
      return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name;
    }

    public StoreOptions options() {
      return StoreOptions.postgres(url(), Optional.of("postgres"), Optional.empty(), 90);
    }

    /** A superuser connection to the maintenance database (for outages and backend kills). */
    public Connection admin() throws SQLException {
      return server.getPostgresDatabase().getConnection();
    }

    public void admin(String sql) throws SQLException {
      try (Connection c = admin();
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }
  }

  private static final class Server
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final EmbeddedPostgres pg;
    final AtomicInteger databases = new AtomicInteger();

    Server() throws IOException {
      pg = EmbeddedPostgres.builder().start();
    }

    @Override
    public void close() throws IOException {
      pg.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Db.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Server server =
        e.getRoot()
            .getStore(ExtensionContext.Namespace.create(Postgres.class))
            .getOrComputeIfAbsent(
                "server",
                k -> {
                  try {
                    return new Server();
                  } catch (IOException ex) {
                    throw new IllegalStateException("embedded PostgreSQL did not start", ex);
                  }
                },
                Server.class);
    String name = "t" + server.databases.incrementAndGet();
    Db db = new Db(server.pg, name);
    try {
      db.admin("CREATE DATABASE " + name);
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
    return db;
  }
}
