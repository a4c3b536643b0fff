package dev.darkroom.web.scans;

/** A scan started (or an interrupted one resumed): its id and where its report will be. */
public record ScanAccepted(long id, String url) {}
