package io.github.devpigiteasync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryQueryTest {

  private static HistoryQuery parse(String... pairs) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      params.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
    }
    return HistoryQuery.parse(params);
  }

  @Test
  void parseReadsEveryParameter() {
    String cursor = new Cursor(1764000000000L, "01a21225-d900-74fb-a440-9b3d65c2ba36", 3).encode();

    HistoryQuery q =
        parse(
            "mapping", "team.prod",
            "project", "Acme_Core",
            "filename", "acme_core-1.4.0-py3-none-any.whl",
            "outcome", "Conflict",
            "since", "2026-11-25T10:00:00+01:00",
            "limit", "20",
            "cursor", cursor);

    assertThat(q.mapping()).contains("team.prod");
    assertThat(q.project()).contains("acme-core");
    assertThat(q.filename()).contains("acme_core-1.4.0-py3-none-any.whl");
    assertThat(q.outcome()).contains(HistoryEvent.Outcome.CONFLICT);
    assertThat(q.since()).contains(Instant.parse("2026-11-25T09:00:00Z"));
    assertThat(q.limit()).isEqualTo(20);
    assertThat(q.cursor()).contains(cursor);
  }

  @Test
  void noParametersMeanTheNewestHundredUnfiltered() {
    assertThat(parse()).isEqualTo(HistoryQuery.all());
    assertThat(HistoryQuery.all().limit()).isEqualTo(100);
  }

  @Test
  void aDateMeansMidnightUtc() {
    assertThat(parse("since", "2026-11-25").since())
        .contains(Instant.parse("2026-11-25T00:00:00Z"));
  }

  @Test
  void limitIsCappedAtOneThousand() {
    assertThat(parse("limit", "5000").limit()).isEqualTo(1000);
  }

  @Test
  void badValuesAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> parse("limit", "0"))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessage("limit must be between 1 and 1000: 0");
    assertThatThrownBy(() -> parse("limit", "ten"))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessageContaining("limit must be a whole number")
        .hasMessageEndingWith(": ten");
    assertThatThrownBy(() -> parse("outcome", "present"))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessage("outcome must be one of uploaded, failed, conflict: present");
    assertThatThrownBy(() -> parse("since", "yesterday"))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessageStartingWith("since must be an ISO-8601 time")
        .hasMessageEndingWith(": yesterday");
    assertThatThrownBy(() -> parse("cursor", "bm90LWEtY3Vyc29y"))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessageStartingWith("cursor is not valid");
    assertThatThrownBy(() -> parse("cursor", "%%%"))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessageStartingWith("cursor is not valid");
  }

  @Test
  void unknownAndRepeatedParametersAreRejected() {
    assertThatThrownBy(() -> parse("projet", "x"))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessage(
            "unknown parameter 'projet'; known: mapping, project, filename, outcome, since,"
                + " limit, cursor");
    assertThatThrownBy(() -> parse("mapping", "a", "mapping", "b"))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessage("parameter 'mapping' is given more than once");
  }

  @Test
  void cursorRoundTrips() {
    Cursor c = new Cursor(1764000000000L, "01a21225-d900-74fb-a440-9b3d65c2ba36", 42);

    assertThat(Cursor.decode(c.encode())).isEqualTo(c);
  }
}
