package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.sync.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void everyOccurrenceOfEverySecretIsReplaced() {
    Redactor redactor = Redactor.of(List.of(Secret.of("alpha"), Secret.of("beta")));

    assertThat(redactor.redact("alpha beta alpha!")).isEqualTo("**** **** ****!");
  }

  @Test
  void aSecretContainingAnotherIsReplacedWhole() {
    Redactor redactor = Redactor.of(List.of(Secret.of("abc"), Secret.of("abcdef")));

    assertThat(redactor.redact("x abcdef y")).isEqualTo("x **** y");
  }

  @Test
  void andAddsSecretsKeepingTheLongestFirst() {
    Redactor redactor = Redactor.of(List.of(Secret.of("abc"))).and(List.of(Secret.of("abcdef")));

    assertThat(redactor.redact("abcdef abc")).isEqualTo("**** ****");
  }

  @Test
  void noneChangesNothing() {
    assertThat(Redactor.none().redact("abc")).isEqualTo("abc");
  }
}
