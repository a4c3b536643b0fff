package dev.darkroom.core.events;

import java.util.function.Consumer;

/** {@link RunEvents#none()}. */
enum NoRunEvents implements RunEvents {
  INSTANCE;

  @Override
  public void publish(RunEvent event) {}

  @Override
  public Subscription subscribe(Consumer<? super RunEvent> listener) {
    return () -> {};
  }
}
