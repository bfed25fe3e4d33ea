package io.github.devpigiteasync.devpi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DevpiAuthTest {
  @Test
  void devpiAuthValueIsStandardBase64OfUserColonTokenAsDocumented() {
    String token = "[\"root\", [], true].awbIdA.W-8Mv3fkcaXb9d4jzJrdp0ROqrA";

    String value = DevpiAuth.devpiAuthValue("root", token);

    assertThat(value)
        .isEqualTo(
            "cm9vdDpbInJvb3QiLCBbXSwgdHJ1ZV0uYXdiSWRBLlctOE12M2ZrY2FYYjlkNGp6SnJkcDBST3FyQQ==");
  }

  @Test
  void secretNeverPrintsItsValue() {
    assertThat(new Secret("hunter2")).hasToString("****");
  }
}
