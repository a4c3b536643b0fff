/** The HTTP client of the REST API: JSON, problem details, server-sent events. */
@NullMarked
package dev.darkroom.cli.api;

import org.jspecify.annotations.NullMarked;
