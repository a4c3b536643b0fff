package dev.darkroom.storage.archive;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the {@link ArchiveReader} from {@code darkroom.archive.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiveProperties.class)
public class ArchiveConfiguration {

  @Bean
  ArchiveReader archiveReader(ArchiveProperties properties) {
    return new ArchiveReader(properties.roots());
  }
}
