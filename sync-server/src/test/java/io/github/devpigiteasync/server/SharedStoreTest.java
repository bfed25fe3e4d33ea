package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.Postgres;
import io.github.devpigiteasync.store.Role;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Secret;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two servers sharing one real PostgreSQL store: one leads and runs passes, the other stands by,
 * serves the shared history and hands pass requests to the leader; a standby takes over when the
 * leader goes, and the two never run passes at the same time.
 */
@ExtendWith(Postgres.class)
class SharedStoreTest {
  private static final Secret TOKEN = Secret.of("shared-store-token");

  private final List<AutoCloseable> open = new ArrayList<>();

  /** Passes running now, over both servers. */
  private final AtomicInteger running = new AtomicInteger();

  private final AtomicInteger mostAtOnce = new AtomicInteger();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A pass that takes a while and notes which server ran it and for which triggers. */
  private final class SlowPass implements Pass {
    final String name;
    final List<Set<String>> calls = new CopyOnWriteArrayList<>();

    SlowPass(String name) {
      this.name = name;
    }

    @Override
    public SyncReport run(Set<String> mappings, SyncListener listener) {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        calls.add(mappings);
        Thread.sleep(150);
        return new Fixtures.RecordingPass().run(mappings, listener);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("cancelled", e);
      } finally {
        running.decrementAndGet();
      }
    }
  }

  private TestServer server(Postgres.Db db, SlowPass pass) {
    HistoryStore store =
        HistoryStore.builder(db.options())
            .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .connectionTimeout(Duration.ofMillis(500))
            .open();
    open.add(store);
    TestServer t =
        TestServer.startOnly(
            SyncServer.builder(TestServer.settings().apiToken(Optional.of(TOKEN)).build(), pass)
                .store(store)
                .build());
    open.add(t);
    return t;
  }

  private static String role(TestServer t) {
    return TestServer.json(t.get("health")).path("role").asText();
  }

  private static void await(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within %s", bound).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void oneServerLeadsAndATriggerPostedToTheStandbyRunsOnTheLeader(Postgres.Db db) {
    SlowPass passA = new SlowPass("a");
    SlowPass passB = new SlowPass("b");
    TestServer a = server(db, passA);
    TestServer b = server(db, passB);
    await(
        Duration.ofSeconds(20),
        () -> a.server.role() == Role.LEADER || b.server.role() == Role.LEADER);
    TestServer leader = a.server.role() == Role.LEADER ? a : b;
    TestServer standby = leader == a ? b : a;
    SlowPass leaderPass = leader == a ? passA : passB;
    SlowPass standbyPass = leader == a ? passB : passA;
    await(Duration.ofSeconds(10), () -> leaderPass.calls.size() == 1);

    HttpResponse<String> response =
        standby.post("api/sync?mapping=tools", "", "Authorization", "Bearer " + TOKEN.reveal());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(TestServer.json(response).path("outcome").asText()).isEqualTo("handed_over");
    await(Duration.ofSeconds(10), () -> leaderPass.calls.size() == 2);
    assertThat(leaderPass.calls.get(1)).containsExactly("tools");
    assertThat(standbyPass.calls).isEmpty();
    assertThat(role(leader)).isEqualTo("leader");
    assertThat(role(standby)).isEqualTo("standby");
    assertThat(standby.get("health").statusCode()).isEqualTo(200);
    // the standby serves the runs the leader recorded
    await(
        Duration.ofSeconds(10),
        () -> TestServer.json(standby.get("api/runs")).path("runs").size() == 2);
    JsonNode runs = TestServer.json(standby.get("api/runs")).path("runs");
    assertThat(runs.get(0).path("triggers").toString()).isEqualTo("[\"api\"]");
    assertThat(mostAtOnce.get()).isEqualTo(1);
  }

  @Test
  void aStandbyTakesOverWhenTheLeaderStopsOrLosesItsConnection(Postgres.Db db) throws Exception {
    SlowPass passA = new SlowPass("a");
    SlowPass passB = new SlowPass("b");
    TestServer a = server(db, passA);
    TestServer b = server(db, passB);
    await(
        Duration.ofSeconds(20),
        () -> a.server.role() == Role.LEADER || b.server.role() == Role.LEADER);
    TestServer first = a.server.role() == Role.LEADER ? a : b;
    TestServer second = first == a ? b : a;
    SlowPass secondPass = first == a ? passB : passA;

    // the leader's session ends abruptly (its backend is killed): someone leads again
    db.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted");
    await(
        Duration.ofSeconds(15),
        () -> first.server.role() == Role.LEADER || second.server.role() == Role.LEADER);
    // the leader stops: the other server takes over and runs a pass
    TestServer leader = first.server.role() == Role.LEADER ? first : second;
    TestServer other = leader == first ? second : first;
    SlowPass otherPass = other == second ? secondPass : (other == a ? passA : passB);
    int before = otherPass.calls.size();
    leader.close();
    await(Duration.ofSeconds(15), () -> other.server.role() == Role.LEADER);
    await(Duration.ofSeconds(10), () -> otherPass.calls.size() > before);

    assertThat(role(other)).isEqualTo("leader");
    assertThat(mostAtOnce.get()).as("passes running at the same time").isEqualTo(1);
  }

  @Test
  void healthIsDegradedWithTheReasonWhileTheStoreIsDownAndOkWhenItIsBack(Postgres.Db db)
      throws Exception {
    TestServer t = server(db, new SlowPass("a"));
    await(Duration.ofSeconds(20), () -> t.server.role() == Role.LEADER);

    db.admin("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS false");
    db.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + db.name()
            + "'");
    t.server.scheduler().request(PassScope.all("api"));
    await(
        Duration.ofSeconds(20),
        () ->
            TestServer.json(t.get("health"))
                .path("store")
                .path("status")
                .asText()
                .equals("degraded"));
    HttpResponse<String> down = t.get("health");
    HttpResponse<String> history = t.get("api/history");
    db.admin("ALTER DATABASE " + db.name() + " ALLOW_CONNECTIONS true");

    assertThat(down.statusCode()).isEqualTo(200);
    JsonNode health = TestServer.json(down);
    assertThat(health.path("status").asText()).isEqualTo("degraded");
    assertThat(health.path("store").path("reason").asText())
        .startsWith("history store unavailable");
    assertThat(history.statusCode()).isEqualTo(503);
    await(
        Duration.ofSeconds(30),
        () -> TestServer.json(t.get("health")).path("store").path("status").asText().equals("ok"));
  }
}
