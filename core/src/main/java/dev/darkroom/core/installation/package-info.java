/** This installation's identity, kept in its database. */
@NullMarked
package dev.darkroom.core.installation;

import org.jspecify.annotations.NullMarked;
