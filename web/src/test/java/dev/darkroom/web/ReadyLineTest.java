package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ReadyLineTest {

  @Test
  void theReadyLineNamesTheUrlToOpen() {
    MockEnvironment env = new MockEnvironment().withProperty("local.server.port", "18080");
    assertThat(ReadyLine.url(env)).isEqualTo("http://localhost:18080/");

    env.setProperty("server.address", "0.0.0.0");
    assertThat(ReadyLine.url(env)).isEqualTo("http://localhost:18080/");

    env.setProperty("server.address", "192.0.2.7");
    env.setProperty("server.servlet.context-path", "/darkroom");
    assertThat(ReadyLine.url(env)).isEqualTo("http://192.0.2.7:18080/darkroom/");
  }
}
