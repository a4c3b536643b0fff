package dev.darkroom.web.collections;

import dev.darkroom.core.collection.CollectionRepository;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The collections' settings ({@code darkroom.collections.*}) and their count refresher. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CollectionCountProperties.class)
class CollectionsWebConfiguration {

  @Bean
  DynamicCollectionCounts dynamicCollectionCounts(
      CollectionRepository collections, CollectionCountProperties properties) {
    return new DynamicCollectionCounts(collections, properties, Clock.systemUTC());
  }
}
