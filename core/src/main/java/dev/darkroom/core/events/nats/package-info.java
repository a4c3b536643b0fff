/** The NATS adapter of {@link dev.darkroom.core.events.RunEvents}: jnats, a JetStream stream. */
@NullMarked
package dev.darkroom.core.events.nats;

import org.jspecify.annotations.NullMarked;
