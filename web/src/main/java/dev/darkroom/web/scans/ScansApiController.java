package dev.darkroom.web.scans;

import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanRepository;
import dev.darkroom.web.api.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /api/scans}: start a catalog scan of the configured archive roots (in the background: 202
 * with its id; 409 while another scan runs), list scans, read one's report.
 */
@RestController
@RequestMapping("/api/scans")
@Tag(name = "Scans", description = "Catalog the archive")
class ScansApiController {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  /** Problems listed in a report; {@code problems} counts them all. */
  static final int REPORT_PROBLEMS = 1000;

  private final ScanLauncher launcher;
  private final ScanRepository scans;

  ScansApiController(ScanLauncher launcher, ScanRepository scans) {
    this.launcher = launcher;
    this.scans = scans;
  }

  @Operation(summary = "Start a scan of every configured archive root")
  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  ResponseEntity<ScanAccepted> start(
      @RequestBody(required = false) @Nullable StartScanRequest body) {
    long id =
        launcher.start(
            body != null && Boolean.TRUE.equals(body.full()),
            body != null && Boolean.TRUE.equals(body.allowMassGone()));
    URI location =
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/api/scans/{id}")
            .buildAndExpand(id)
            .toUri();
    return ResponseEntity.accepted()
        .location(location)
        .body(new ScanAccepted(id, location.toString()));
  }

  @Operation(summary = "List scans, newest first")
  @GetMapping
  Page<ScanView> list(
      @RequestParam(required = false) @Nullable String after,
      @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    List<ScanView> page = scans.page(cursor(after), limit + 1).stream().map(ScanView::of).toList();
    return Page.of(page, limit, scan -> Long.toString(scan.id()));
  }

  @Operation(summary = "A scan's report: totals and its problems with reasons")
  @GetMapping("/{id}")
  ScanView get(@PathVariable long id) {
    ScanReport report =
        scans.find(id, REPORT_PROBLEMS).orElseThrow(() -> new UnknownScanException(id));
    return ScanView.of(report);
  }

  private static @Nullable Long cursor(@Nullable String after) {
    if (after == null || after.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(after.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "after must be the 'next' cursor of a previous page, not '" + after + "'");
    }
  }
}
