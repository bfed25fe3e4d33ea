package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobsTest {

  @Test
  void matchesAfterPep503NormalisationOfBothSides() {
    Globs globs = Globs.of(List.of("Data_Utils*"));

    assertThat(globs.matches("data.utils-lib")).isTrue();
    assertThat(globs.matches("DATA-UTILS")).isTrue();
    assertThat(globs.matches("datautils")).isFalse();
  }

  @Test
  void supportsQuestionMarkAndCharacterSets() {
    Globs globs = Globs.of(List.of("lib?", "pkg-[ab]", "tool-[!x]"));

    assertThat(globs.matches("libx")).isTrue();
    assertThat(globs.matches("libxy")).isFalse();
    assertThat(globs.matches("pkg-b")).isTrue();
    assertThat(globs.matches("pkg-c")).isFalse();
    assertThat(globs.matches("tool-y")).isTrue();
    assertThat(globs.matches("tool-x")).isFalse();
  }

  @Test
  void regexCharactersInGlobsAreLiterals() {
    Globs globs = Globs.of(List.of("a+b"));

    assertThat(globs.matches("a+b")).isTrue();
    assertThat(globs.matches("aab")).isFalse();
  }

  @Test
  void emptyGlobListMatchesNothing() {
    assertThat(Globs.of(List.of()).matches("anything")).isFalse();
    assertThat(Globs.of(List.of()).isEmpty()).isTrue();
  }
}
