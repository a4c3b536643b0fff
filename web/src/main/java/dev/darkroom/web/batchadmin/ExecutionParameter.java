package dev.darkroom.web.batchadmin;

import org.jspecify.annotations.Nullable;

/** A job parameter of an execution, as Batch stored it: its type is a Java class name. */
public record ExecutionParameter(
    String name, String type, @Nullable String value, boolean identifying) {}
