package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamesTest {

  @ParameterizedTest
  @CsvSource({
    "Data.Utils_Lib, data-utils-lib",
    "a--b, a-b",
    "a._b, a-b",
    "FOO, foo",
    "foo-bar, foo-bar",
    "a-_.-B, a-b",
    "_leading.and.trailing-, -leading-and-trailing-",
    "x-, x-",
    "Ünïcode_Näme, ünïcode-näme",
    "pkg-007, pkg-007"
  })
  void canonicalCollapsesSeparatorRunsAndLowerCases(String name, String expected) {
    assertThat(Names.canonical(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1.0.0, 1.0.0",
    "v1.0-RC1, 1.0rc1",
    "1.0_post1, 1.0.post1",
    "1.0-alpha.2, 1.0a2",
    "2.0.dev3, 2.0-dev3",
    "1.0.0+local_1, 1.0.0+local.1"
  })
  void sameVersionAcceptsPep440Spellings(String a, String b) {
    assertThat(Names.sameVersion(a, b)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"1.0, 1.0.0", "1.0rc1, 1.0", "1.0.post1, 1.0.1"})
  void sameVersionKeepsDifferentReleasesApart(String a, String b) {
    assertThat(Names.sameVersion(a, b)).isFalse();
  }
}
