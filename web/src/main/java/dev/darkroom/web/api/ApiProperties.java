package dev.darkroom.web.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code darkroom.web.api.*}: limits of the REST API. Env: {@code DARKROOM_WEB_API_MAX_BODY_SIZE}.
 *
 * @param maxBodySize the largest request body {@code /api} reads; larger ones get a 413 problem (a
 *     static collection of a million asset ids is about 8 MB)
 */
@ConfigurationProperties("darkroom.web.api")
record ApiProperties(@DefaultValue("16MB") DataSize maxBodySize) {

  ApiProperties {
    if (maxBodySize.toBytes() < 1024) {
      throw new IllegalArgumentException("darkroom.web.api.max-body-size must be at least 1KB");
    }
  }
}
