package dev.darkroom.web;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.orchestrator.run.RunServiceConfiguration;
import dev.darkroom.orchestrator.schedules.SchedulesConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Runs in the server: Temporal (dev server, remote or in-process fallback), the run worker, the
 * in-process launcher, RunService and start-up reconciliation; the batch jobs come with them; and
 * schedules on top of runs.
 *
 * <p>A configuration of its own, found by component scanning, rather than an import on {@link
 * DarkroomApplication}: test slices ({@code @WebMvcTest}) leave scanned configurations out, so a
 * controller test does not start Temporal and Spring Batch.
 */
@Configuration(proxyBeanMethods = false)
@Import({BatchJobsConfiguration.class, RunServiceConfiguration.class, SchedulesConfiguration.class})
class ServerConfiguration {}
