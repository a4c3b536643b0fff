package dev.darkroom.cli.api;

/** One server-sent event: its {@code event:} name ({@code message} when none) and its data. */
public record SseEvent(String name, String data) {}
