package dev.darkroom.batch.duplicates;

import dev.darkroom.core.duplicates.DuplicateRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The duplicate tables' repository, for the aggregate step here and the API in the server. */
@Configuration(proxyBeanMethods = false)
public class DuplicatesConfiguration {

  @Bean
  DuplicateRepository duplicateRepository(JdbcClient jdbc) {
    return new DuplicateRepository(jdbc);
  }
}
