package dev.darkroom.web.runs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** {@code darkroom_streams_open}: the live run streams (SSE) this server holds open right now. */
@Component
class RunStreamsMetrics implements MeterBinder {

  private final RunStreams streams;

  RunStreamsMetrics(RunStreams streams) {
    this.streams = streams;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("darkroom.streams.open", streams, RunStreams::open)
        .description("Live run streams (dashboard pages and API event streams) open right now")
        .register(registry);
  }
}
