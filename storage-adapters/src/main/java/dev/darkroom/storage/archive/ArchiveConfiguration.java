package dev.darkroom.storage.archive;

import dev.darkroom.core.catalog.ArchiveRoot;
import dev.darkroom.core.catalog.ArchiveRootRepository;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the {@link ArchiveReader} from {@code darkroom.archive.*}, with the catalog's roots ({@code
 * archive_root}) behind the configured ones when the catalog is there.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiveProperties.class)
public class ArchiveConfiguration {

  @Bean
  ArchiveReader archiveReader(
      ArchiveProperties properties, ObjectProvider<ArchiveRootRepository> catalog) {
    CatalogRoots catalogRoots =
        name -> {
          ArchiveRootRepository repository = catalog.getIfAvailable();
          return repository == null
              ? Optional.empty()
              : repository.findByName(name).map(ArchiveRoot::path);
        };
    return new ArchiveReader(properties.roots(), catalogRoots);
  }
}
