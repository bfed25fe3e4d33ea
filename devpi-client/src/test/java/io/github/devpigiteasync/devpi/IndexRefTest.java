package io.github.devpigiteasync.devpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexRefTest {
  @Test
  void parseSplitsUserAndIndexAndToStringRoundTrips() {
    IndexRef ref = IndexRef.parse("alice/dev");

    assertThat(ref).isEqualTo(new IndexRef("alice", "dev"));
    assertThat(ref.toString()).isEqualTo("alice/dev");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "/dev", "alice/", "alice/dev/x", "al ice/dev", "alice/d ev", ""})
  void parseRejectsAnythingButUserSlashIndex(String text) {
    assertThatThrownBy(() -> IndexRef.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
