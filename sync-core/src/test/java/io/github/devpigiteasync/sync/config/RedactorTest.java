package io.github.devpigiteasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  @Test
  void configurationSecretsAreEveryTokenPasswordAndSharedSecretItHolds() {
    SyncConfig config =
        SyncConfig.parse(
            String.join(
                "\n",
                "[gitea]",
                "url = https://gitea.example.invalid",
                "token = gitea-global-token",
                "[gitea:acme]",
                "token_env = ORG_TOKEN",
                "[devpi]",
                "url = https://devpi.example.invalid",
                "username = ci",
                "password = devpi-password",
                "[mapping:web]",
                "organization = acme",
                "index = ci/web",
                "[runtime]",
                "webhook_secret = hook-secret",
                "api_token = api-token-value",
                "[store]",
                "url = jdbc:postgresql://db.example.invalid/sync",
                "username = sync",
                "password = store-password"),
            Path.of("x.conf"),
            Map.of("ORG_TOKEN", "org-token-from-env")::get);

    String redacted =
        Redactor.of(config.secrets())
            .redact(
                "gitea-global-token org-token-from-env devpi-password hook-secret"
                    + " api-token-value store-password");

    assertThat(redacted).isEqualTo("**** **** **** **** **** ****");
  }
}
