package io.github.devpigiteasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class IniReaderTest {
  private final Problems problems = new Problems(Path.of("test.conf"));

  private IniReader.Section only(String text) {
    IniReader.Document doc = IniReader.read(text, problems);
    assertThat(problems.list()).isEmpty();
    assertThat(doc.sections()).hasSize(1);
    return doc.sections().get(0);
  }

  private String value(String text, String option) {
    return only(text).first(option).orElseThrow().value();
  }

  @Test
  void optionsKeepTheLineTheyStartOn() {
    IniReader.Section s =
        only("\uFEFF# header\r\n\r\n[mapping:team.alpha]\r\nindex = ci/a\rorganization: my.org\n");

    assertThat(s.name()).isEqualTo("mapping:team.alpha");
    assertThat(s.line()).isEqualTo(3);
    assertThat(s.entries())
        .containsExactly(
            new IniReader.Entry("index", "ci/a", 4),
            new IniReader.Entry("organization", "my.org", 5));
  }

  @Test
  void commentStartsOnlyAfterWhiteSpaceAndQuotesKeepIt() {
    String text =
        """
        [devpi]
        a = X   # note
        b = abc;def
        c = https://host/#x ; comment
        d = "pa ss #word" ; comment
        e = 'single ; quoted'
        f = "escaped \\" quote"
        """;

    assertThat(value(text, "a")).isEqualTo("X");
    assertThat(value(text, "b")).isEqualTo("abc;def");
    assertThat(value(text, "c")).isEqualTo("https://host/#x");
    assertThat(value(text, "d")).isEqualTo("pa ss #word");
    assertThat(value(text, "e")).isEqualTo("single ; quoted");
    assertThat(value(text, "f")).isEqualTo("escaped \" quote");
  }

  @Test
  void backslashAfterWhiteSpaceContinuesTheValueWithoutSplittingLists() {
    String text = "[mapping:web]\nrepositories = a, \\\n   b, c\nindex = ci/web\n";

    IniReader.Section s = only(text);

    assertThat(s.first("repositories").orElseThrow().value()).isEqualTo("a,\nb, c");
    assertThat(s.first("index").orElseThrow().line()).isEqualTo(4);
  }

  @Test
  void repeatedSectionsMergeAndRepeatedOptionsKeepEveryLine() {
    IniReader.Document doc =
        IniReader.read("[gitea]\nurl = a\n[devpi]\nx = 1\n[gitea]\nurl = b\n", problems);

    assertThat(problems.list())
        .extracting(ConfigProblem::line, ConfigProblem::code)
        .containsExactly(tuple(5, ConfigProblem.Code.DUPLICATE_SECTION));
    assertThat(doc.sections().get(0).options().get("url"))
        .extracting(IniReader.Entry::line)
        .containsExactly(2, 6);
    assertThat(doc.lineOf("gitea", "url")).isEqualTo(2);
    assertThat(doc.lineOf("devpi", "missing")).isEqualTo(3);
    assertThat(doc.lineOf("runtime", "")).isZero();
  }

  @Test
  void linesThatAreNoOptionAreReportedWithTheirLineOnce() {
    IniReader.Document doc =
        IniReader.read("k = outside\n[gitea\nstill = hidden\n[gitea]\njunk\n= v\n", problems);

    assertThat(problems.list())
        .extracting(ConfigProblem::line, ConfigProblem::code)
        .containsExactly(
            tuple(1, ConfigProblem.Code.OUTSIDE_SECTION),
            tuple(2, ConfigProblem.Code.BAD_SECTION_HEADER),
            tuple(5, ConfigProblem.Code.NOT_AN_OPTION),
            tuple(6, ConfigProblem.Code.NOT_AN_OPTION));
    assertThat(doc.broken()).isTrue();
    assertThat(doc.sections()).extracting(IniReader.Section::entries).containsExactly(List.of());
  }
}
