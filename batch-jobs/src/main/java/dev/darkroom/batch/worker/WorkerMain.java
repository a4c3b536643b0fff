package dev.darkroom.batch.worker;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.scan.ScanFailedException;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.core.catalog.ScanReport;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The batch worker: runs one job in its own JVM, the way a worker process or Kubernetes pod does,
 * and exits 0 on success. Usage: {@code WorkerMain scan [--full] [--spring.property=value ...]}.
 */
public final class WorkerMain {

  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || !args[0].equals("scan")) {
      System.err.println("usage: WorkerMain scan [--full] [--spring.property=value ...]");
      return 2;
    }
    boolean full = Arrays.asList(args).contains("--full");
    SpringApplication app = new SpringApplication(WorkerApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context = app.run(args)) {
      ScanReport report = context.getBean(ScanService.class).scan(full, p -> {});
      log.info("Scan #{} {}: {} files seen", report.id(), report.status(), report.filesSeen());
      return 0;
    } catch (ScanFailedException e) {
      log.error(e.getMessage());
      return 1;
    }
  }

  /** The worker's Spring application: auto-configuration plus the batch jobs. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(BatchJobsConfiguration.class)
  public static class WorkerApplication {}
}
