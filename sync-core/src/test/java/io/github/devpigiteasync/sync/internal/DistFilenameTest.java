package io.github.devpigiteasync.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DistFilenameTest {

  @ParameterizedTest
  @CsvSource({
    "foo_bar-1.0.0-py3-none-any.whl, foo-bar, foo_bar, 1.0.0, WHEEL",
    "Data_Utils_Lib-2.1-1-cp311-cp311-manylinux_2_17_x86_64.whl, Data.Utils_Lib, Data_Utils_Lib, 2.1, WHEEL",
    "foo_bar-1.0.0.tar.gz, foo-bar, foo_bar, 1.0.0, SDIST",
    "foo-bar-1.0.0.tar.gz, foo-bar, foo-bar, 1.0.0, SDIST",
    "Foo-Bar-2.0rc1.zip, foo.bar, Foo-Bar, 2.0rc1, SDIST"
  })
  void parsesNameAndVersionOfTheExpectedProject(
      String filename, String expected, String name, String version, DistFilename.Kind kind) {
    assertThat(DistFilename.parse(filename, expected))
        .contains(new DistFilename(name, version, kind));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "other_pkg-1.0-py3-none-any.whl",
        "foo_bar-1.0.whl",
        "foo_bar-1.0.0.tar.xz",
        "README.txt",
        "../foo_bar-1.0.0.tar.gz",
        "sub\\foo_bar-1.0.0.tar.gz",
        "foo_bar.tar.gz",
        ".foo_bar-1.0.tar.gz"
      })
  void rejectsNamesThatAreNotDistributionsOfTheProject(String filename) {
    assertThat(DistFilename.parse(filename, "foo-bar")).isEmpty();
  }

  @Test
  void kindOfKeepsOnlyWheelsAndSdists() {
    assertThat(DistFilename.kindOf("a-1.0-py3-none-any.whl")).contains(DistFilename.Kind.WHEEL);
    assertThat(DistFilename.kindOf("a-1.0.TAR.GZ")).contains(DistFilename.Kind.SDIST);
    assertThat(DistFilename.kindOf("a-1.0.zip")).contains(DistFilename.Kind.SDIST);
    assertThat(DistFilename.kindOf("a-1.0.egg")).isEmpty();
    assertThat(DistFilename.kindOf("a-1.0.tar.bz2")).isEmpty();
  }
}
