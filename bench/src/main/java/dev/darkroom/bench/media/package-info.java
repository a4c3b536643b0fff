/** Issue 13's media benchmark: video keyframes through the video tools vs a raw ffmpeg loop. */
@NullMarked
package dev.darkroom.bench.media;

import org.jspecify.annotations.NullMarked;
