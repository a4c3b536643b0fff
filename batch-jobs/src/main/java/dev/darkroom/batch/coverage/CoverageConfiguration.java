package dev.darkroom.batch.coverage;

import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.coverage.RunStepRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The coverage repositories, for every process that plans or executes runs. */
@Configuration(proxyBeanMethods = false)
public class CoverageConfiguration {

  @Bean
  CoverageRepository coverageRepository(JdbcClient jdbc) {
    return new CoverageRepository(jdbc);
  }

  @Bean
  RunStepRepository runStepRepository(JdbcClient jdbc) {
    return new RunStepRepository(jdbc);
  }
}
