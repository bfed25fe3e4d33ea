package io.github.devpigiteasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigFuzzTest {
  private static final List<String> FRAGMENTS =
      List.of(
          "[gitea]",
          "[gitea:my.org]",
          "[devpi]",
          "[devpi:main]",
          "[mapping:team.alpha]",
          "[runtime]",
          "[mapping:]",
          "[",
          "]",
          "[]",
          "[[x]]",
          "[mapping:a(1)]",
          "[mapping:x..y]",
          "url = https://gitea.example.com",
          "url = http://[::1",
          "url =",
          "url = https://u:p@h",
          "token = abc",
          "token_env = T",
          "token_env = 1bad",
          "password = \"a # b\"",
          "password_env = P",
          "username = ci",
          "index = ci/web",
          "index = dev",
          "devpi = main",
          "devpi = ",
          "organization = my.org",
          "repositories = a, b,,",
          "include_archived = yes",
          "packages = a-[",
          "packages = [!x]*",
          "file_types = egg",
          "file_types = wheel",
          "verify_ssl = nope",
          "verify_ssl = \u0000",
          "timeout = 1e400",
          "timeout = .5",
          "timeout = 99999999999",
          "poll_interval_seconds = 9999999999",
          "concurrency = -0",
          "server_port = 65536",
          "download_dir = ../x",
          "webhook_secret_env = W",
          "api_token = x",
          "a.b = c",
          "key(0) = v",
          "=",
          ":",
          "==",
          "k = v \\",
          "\\",
          "# comment",
          "; c",
          "  ",
          "\t",
          "\"",
          "'",
          "x",
          "\uFEFF",
          "\u00e9 = \u00e9",
          "k:v",
          "k = v ; c",
          "[runtime] ; c");

  @Test
  void randomAndGarbledIniTextThrowsNothingButConfigException() {
    Random random = new Random(20261125L);
    Map<String, String> env = Map.of("T", "t", "P", "p", "W", "w");
    int loaded = 0;

    for (int i = 0; i < 3000; i++) {
      String text = randomText(random);
      try {
        SyncConfig.parse(text, Path.of("fuzz.conf"), env::get);
        loaded++;
      } catch (ConfigException e) {
        assertThat(e.problems()).isNotEmpty();
      } catch (RuntimeException | Error e) {
        fail("case " + i + " threw " + e + " for:\n" + text, e);
      }
    }

    assertThat(loaded).isLessThan(3000);
  }

  private static String randomText(Random random) {
    StringBuilder sb = new StringBuilder();
    int lines = random.nextInt(25);
    for (int l = 0; l < lines; l++) {
      String line = FRAGMENTS.get(random.nextInt(FRAGMENTS.size()));
      if (random.nextInt(4) == 0) {
        line = garble(line, random);
      }
      sb.append(line).append(random.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    return sb.toString();
  }

  private static String garble(String line, Random random) {
    StringBuilder sb = new StringBuilder(line);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int pos = sb.length() == 0 ? 0 : random.nextInt(sb.length() + 1);
      char c = (char) (random.nextInt(4) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95));
      if (random.nextBoolean() || sb.length() == 0 || pos == sb.length()) {
        sb.insert(pos, c);
      } else {
        sb.deleteCharAt(pos);
      }
    }
    return sb.toString();
  }
}
