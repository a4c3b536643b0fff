/**
 * Video through ffmpeg and ffprobe, external programs run as child processes: the {@code
 * video-basic} pipeline's probe, keyframes, poster thumbnail and contact sheet, and the {@link
 * dev.darkroom.batch.tools.video.FrameSource} through which a tool gets frames whether or not an
 * earlier step materialised them.
 */
@NullMarked
package dev.darkroom.batch.tools.video;

import org.jspecify.annotations.NullMarked;
