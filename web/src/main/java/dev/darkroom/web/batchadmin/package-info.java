/**
 * Spring Batch admin views: jobs, instances, executions and steps read straight from Batch's tables
 * (keyset-paged, indexed by migration V7), each execution linked to the Darkroom run partition or
 * scan it belongs to, and the stop, restart and abandon actions with the rules that keep them from
 * fighting Temporal. See docs/batch-admin.md.
 */
@NullMarked
package dev.darkroom.web.batchadmin;

import org.jspecify.annotations.NullMarked;
