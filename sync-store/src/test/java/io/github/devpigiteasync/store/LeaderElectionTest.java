package io.github.devpigiteasync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two daemons on one real PostgreSQL: one leads, triggers pass through, the other takes over. */
@ExtendWith(Postgres.class)
class LeaderElectionTest {
  private final List<AutoCloseable> closing = new ArrayList<>();

  /** One daemon: its store, its election, what it saw. */
  private final class Daemon {
    final HistoryStore store;
    final LeaderElection election;
    final List<Role> roles = new CopyOnWriteArrayList<>();
    final List<TriggerRequest> triggers = new CopyOnWriteArrayList<>();
    final List<Connection> sessions = new CopyOnWriteArrayList<>();

    Daemon(Postgres.Db db) {
      store = HistoryStore.builder(db.options()).connectionTimeout(Duration.ofMillis(500)).open();
      LeaderElection.Builder b =
          LeaderElection.builder(store)
              .checkInterval(Duration.ofMillis(300))
              .pollInterval(Duration.ofMillis(100))
              .onRoleChange(roles::add)
              .onTrigger(triggers::add);
      Database database = Optional.ofNullable(store.database()).orElseThrow();
      b.connections(
          () -> {
            Connection c = database.dedicatedConnection();
            sessions.add(c);
            return c;
          });
      election = b.start();
      closing.add(election);
      closing.add(store);
    }

    int backendPid() throws SQLException {
      Connection c = sessions.get(sessions.size() - 1);
      try (var s = c.createStatement();
          var rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private static void await(String what, Duration max, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Watches both daemons every few milliseconds; never may both be leader. */
  private static AtomicBoolean watchForTwoLeaders(Daemon a, Daemon b, List<AutoCloseable> close) {
    AtomicBoolean both = new AtomicBoolean();
    ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    watch.scheduleWithFixedDelay(
        () -> {
          if (a.election.role() == Role.LEADER && b.election.role() == Role.LEADER) {
            both.set(true);
          }
        },
        0,
        5,
        TimeUnit.MILLISECONDS);
    close.add(watch::shutdownNow);
    return both;
  }

  private static Daemon leaderOf(Daemon a, Daemon b) {
    return a.election.role() == Role.LEADER ? a : b;
  }

  @Test
  void exactlyOneOfTwoDaemonsLeads(Postgres.Db db) throws Exception {
    Daemon a = new Daemon(db);
    Daemon b = new Daemon(db);

    await(
        "a leader",
        Duration.ofSeconds(15),
        () -> a.election.role() == Role.LEADER || b.election.role() == Role.LEADER);
    Thread.sleep(1_000); // several check intervals: the standby must stay standby

    assertThat(List.of(a.election.role(), b.election.role()))
        .containsExactlyInAnyOrder(Role.LEADER, Role.STANDBY);
    Daemon leader = leaderOf(a, b);
    assertThat(leader.election.isLeader()).isTrue();
    assertThat(leader.roles).containsExactly(Role.LEADER);
  }

  @Test
  void aTriggerAcceptedByTheStandbyReachesTheLeaderOnce(Postgres.Db db) throws Exception {
    Daemon a = new Daemon(db);
    Daemon b = new Daemon(db);
    await("a leader", Duration.ofSeconds(15), () -> a.election.isLeader() || b.election.isLeader());
    Daemon leader = leaderOf(a, b);
    Daemon standby = leader == a ? b : a;

    TriggerRequest sent = standby.store.submitTrigger(Set.of("team.prod"), Trigger.WEBHOOK);

    await("the leader picks it up", Duration.ofSeconds(2), () -> !leader.triggers.isEmpty());
    assertThat(leader.triggers).containsExactly(sent);
    Thread.sleep(300);
    assertThat(leader.triggers).hasSize(1);
    assertThat(standby.triggers).isEmpty();
  }

  @Test
  void aStandbyTakesOverWhenTheLeadersBackendIsKilled(Postgres.Db db) throws Exception {
    Daemon a = new Daemon(db);
    Daemon b = new Daemon(db);
    await("a leader", Duration.ofSeconds(15), () -> a.election.isLeader() || b.election.isLeader());
    Daemon old = leaderOf(a, b);
    Daemon standby = old == a ? b : a;
    AtomicBoolean twoLeaders = watchForTwoLeaders(a, b, closing);

    db.admin("SELECT pg_terminate_backend(" + old.backendPid() + ")");

    await("takeover", Duration.ofSeconds(15), () -> standby.election.role() == Role.LEADER);
    assertThat(old.election.isLeader()).isFalse();
    assertThat(old.roles).containsSubsequence(Role.LEADER, Role.STANDBY);
    assertThat(twoLeaders).as("both leaders at once").isFalse();
  }

  @Test
  void aStandbyTakesOverWhenTheLeadersConnectionIsCutAbruptly(Postgres.Db db) throws Exception {
    Daemon a = new Daemon(db);
    Daemon b = new Daemon(db);
    await("a leader", Duration.ofSeconds(15), () -> a.election.isLeader() || b.election.isLeader());
    Daemon old = leaderOf(a, b);
    Daemon standby = old == a ? b : a;
    AtomicBoolean twoLeaders = watchForTwoLeaders(a, b, closing);

    // as a crashed process: the socket goes away without unlocking
    old.sessions.get(old.sessions.size() - 1).abort(Runnable::run);

    await("old leader steps down", Duration.ofSeconds(5), () -> !old.election.isLeader());
    await("takeover", Duration.ofSeconds(15), () -> standby.election.role() == Role.LEADER);
    assertThat(twoLeaders).as("both leaders at once").isFalse();
  }

  @Test
  void aLeaderThatLostItsLockStopsStartingPassesAndDoesNotGetItBackWhileAnotherHoldsIt(
      Postgres.Db db) throws Exception {
    Daemon a = new Daemon(db);
    await("a leads", Duration.ofSeconds(15), () -> a.election.isLeader());
    int pid = a.backendPid();
    // someone else grabs the lock the moment a's session ends
    try (Connection other = db.admin()) {
      Connection thief = java.sql.DriverManager.getConnection(db.url(), "postgres", "");
      closing.add(thief);

      db.admin("SELECT pg_terminate_backend(" + pid + ")");
      await(
          "the thief gets the lock",
          Duration.ofSeconds(5),
          () -> {
            try (var s = thief.createStatement();
                var rs =
                    s.executeQuery(
                        "SELECT pg_try_advisory_lock(" + LeaderElection.DEFAULT_LOCK_KEY + ")")) {
              return rs.next() && rs.getBoolean(1);
            } catch (SQLException e) {
              return false;
            }
          });

      await("a steps down", Duration.ofSeconds(5), () -> !a.election.isLeader());
      Thread.sleep(1_000);
      assertThat(a.election.role()).isEqualTo(Role.STANDBY);
      assertThat(a.roles).containsExactly(Role.LEADER, Role.STANDBY);
      assertThat(other.isValid(1)).isTrue();
    }
  }

  @Test
  void anEmbeddedStoreIsAlwaysSingle(@TempDir Path tmp) {
    try (HistoryStore store = HistoryStore.open(StoreOptions.embedded(tmp, 90));
        LeaderElection election = LeaderElection.builder(store).start()) {

      assertThat(election.role()).isEqualTo(Role.SINGLE);
      assertThat(election.isLeader()).isTrue();
    }
  }
}
