package dev.darkroom.web.collections;

import dev.darkroom.core.collection.CollectionMembership;
import dev.darkroom.core.collection.CollectionRepository;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The collections' settings ({@code darkroom.collections.*}), their count refresher and the keeper
 * of dynamic collections' members.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  CollectionCountProperties.class,
  CollectionMembershipProperties.class
})
class CollectionsWebConfiguration {

  @Bean
  DynamicCollectionCounts dynamicCollectionCounts(
      CollectionRepository collections, CollectionCountProperties properties) {
    return new DynamicCollectionCounts(collections, properties, Clock.systemUTC());
  }

  @Bean
  CollectionMembershipDrainer collectionMembershipDrainer(
      CollectionMembership membership, CollectionMembershipProperties properties) {
    return new CollectionMembershipDrainer(membership, properties);
  }
}
