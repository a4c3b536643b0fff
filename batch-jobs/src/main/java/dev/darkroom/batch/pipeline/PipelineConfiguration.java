package dev.darkroom.batch.pipeline;

import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.batch.tools.ToolProperties;
import dev.darkroom.core.asset.AssetMetadataRepository;
import dev.darkroom.core.events.RunEvents;
import dev.darkroom.core.run.JdbcRunFinishing;
import dev.darkroom.core.run.JdbcRunPlanning;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.RunFinishing;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunProperties;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.StoreOperationStatsRepository;
import dev.darkroom.core.run.TimingsRepository;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The run repositories, planning and finishing (JDBC), and the shipped tools and pipelines, for
 * every process that runs partitions: the server, a worker process, a pod.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RunProperties.class, ToolProperties.class})
public class PipelineConfiguration {

  @Bean
  RunRepository runRepository(JdbcClient jdbc, ObjectProvider<RunEvents> events) {
    return new RunRepository(jdbc, events.getIfAvailable(RunEvents::none));
  }

  @Bean
  RunUnitRepository runUnitRepository(JdbcClient jdbc) {
    return new RunUnitRepository(jdbc);
  }

  @Bean
  PartitionRepository partitionRepository(JdbcClient jdbc) {
    return new PartitionRepository(jdbc);
  }

  @Bean
  TimingsRepository timingsRepository(JdbcClient jdbc) {
    return new TimingsRepository(jdbc);
  }

  @Bean
  StoreOperationStatsRepository storeOperationStatsRepository(JdbcClient jdbc) {
    return new StoreOperationStatsRepository(jdbc);
  }

  @Bean
  AssetMetadataRepository assetMetadataRepository(JdbcClient jdbc) {
    return new AssetMetadataRepository(jdbc);
  }

  @Bean
  RunPlanning runPlanning(
      JdbcClient jdbc,
      PlatformTransactionManager transactionManager,
      RunRepository runs,
      PartitionRepository partitions,
      RunProperties properties) {
    return new JdbcRunPlanning(
        jdbc,
        new TransactionTemplate(transactionManager),
        runs,
        partitions,
        properties.partitionSize(),
        properties.minPartitionSize());
  }

  @Bean
  RunFinishing runFinishing(
      RunRepository runs, RunUnitRepository units, PartitionRepository partitions) {
    return new JdbcRunFinishing(runs, units, partitions);
  }

  @Bean
  ToolRegistry toolRegistry(ToolProperties tools) {
    return StandardTools.registry(tools);
  }

  @Bean
  PipelineRegistry pipelineRegistry() {
    return PipelineRegistry.standard();
  }
}
