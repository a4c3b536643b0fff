/**
 * Run events: what happened to a run, published after the change committed. The {@link
 * dev.darkroom.core.events.RunEvents} port, its in-process adapter, the versioned JSON form ({@link
 * dev.darkroom.core.events.RunEventJson}) and the wiring that picks NATS when {@code
 * darkroom.nats.url} is set. PostgreSQL stays the truth; events only make changes visible sooner.
 */
@NullMarked
package dev.darkroom.core.events;

import org.jspecify.annotations.NullMarked;
