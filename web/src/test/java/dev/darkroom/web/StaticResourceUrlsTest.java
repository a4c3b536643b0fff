package dev.darkroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticResourceUrlsTest {

  @Test
  void onlyLinksEndingInAFileNameGoThroughTheResourceResolvers() {
    assertThat(StaticResourceUrls.mayNameResource("/webjars/htmx.org/dist/htmx.min.js")).isTrue();
    assertThat(StaticResourceUrls.mayNameResource("/ctx/css/darkroom.css?v=1")).isTrue();
    assertThat(StaticResourceUrls.mayNameResource("/swagger-ui/index.html#top")).isTrue();

    assertThat(StaticResourceUrls.mayNameResource("/assets/42")).isFalse();
    assertThat(StaticResourceUrls.mayNameResource("/assets?q=type:image&after=1.5")).isFalse();
    assertThat(StaticResourceUrls.mayNameResource("/v1.2/runs/1")).isFalse();
    assertThat(StaticResourceUrls.mayNameResource("/runs/1#x.y")).isFalse();
    assertThat(StaticResourceUrls.mayNameResource("")).isFalse();
  }
}
