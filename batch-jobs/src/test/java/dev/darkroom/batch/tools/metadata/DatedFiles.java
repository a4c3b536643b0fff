package dev.darkroom.batch.tools.metadata;

import dev.darkroom.batch.tools.heif.HeifSamples;
import dev.darkroom.batch.tools.raw.RawFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Files whose only capture date is in one of the places read after EXIF and XMP, made at test time
 * by ffmpeg and exiftool: QuickTime movies and a HEIF image sequence, JPEGs with Olympus and
 * Reconyx maker notes, a JPEG with only the GPS clock. Callers skip, naming the program, where one
 * is missing.
 */
final class DatedFiles {

  private DatedFiles() {}

  /**
   * A QuickTime movie with Apple's creation date in its keys, as phones write it. ffmpeg writes it:
   * the keys exiftool writes have a short {@code hdlr} atom that metadata-extractor 2.21 stops at
   * ("End of data reached").
   */
  static Path appleMov(Path dir, String name, String creationDate) throws Exception {
    HeifSamples.requireProgram("ffmpeg");
    Path file = dir.resolve(name);
    run(
        ffmpeg(
            "-c:v",
            "mpeg4",
            "-movflags",
            "use_metadata_tags",
            "-metadata",
            "com.apple.quicktime.creationdate=" + creationDate,
            file.toString()));
    return file;
  }

  /** An MP4 (brand isom) whose only date is the movie header's, written by exiftool. */
  static Path movieHeaderMp4(Path dir, String name, String createDate) throws Exception {
    HeifSamples.requireProgram("ffmpeg");
    Path file = dir.resolve(name);
    run(ffmpeg("-c:v", "mpeg4", file.toString()));
    return exiftoolOn(file, "-QuickTime:CreateDate=" + createDate);
  }

  /**
   * A HEIF image sequence (brand {@code msf1}: Darkroom's scan calls it {@code
   * image/heif-sequence}, so the {@code image-metadata} tool reads it) of HEVC frames whose only
   * date is the movie header's, written by exiftool.
   */
  static Path heifSequence(Path dir, String name, String createDate) throws Exception {
    HeifSamples.requireProgram("ffmpeg");
    Path file = dir.resolve(name);
    Path mp4 = dir.resolve(name + ".mp4"); // ffmpeg picks its muxer by the extension
    run(
        ffmpeg(
            "-c:v",
            "libx265",
            "-x265-params",
            "log-level=none",
            "-tag:v",
            "hvc1",
            "-brand",
            "msf1",
            mp4.toString()));
    Files.move(mp4, file);
    return exiftoolOn(file, "-QuickTime:CreateDate=" + createDate);
  }

  /**
   * A JPEG from an OM System/Olympus camera whose only date is CameraSettings' DateTimeUTC (tag
   * 0x0908), in an Olympus maker note built here ("OLYMPUS\0II" header, offsets from its start) and
   * stored by exiftool, which cannot create maker notes tag by tag.
   */
  static Path olympusJpeg(Path dir, String name, String dateTimeUtc, String... exiftoolArgs)
      throws Exception {
    ByteBuffer note = ByteBuffer.allocate(68).order(ByteOrder.LITTLE_ENDIAN);
    note.put("OLYMPUS\0II".getBytes(StandardCharsets.ISO_8859_1)).putShort((short) 3);
    note.putShort((short) 1).putShort((short) 0x2020).putShort((short) 13).putInt(1).putInt(30);
    note.putInt(0); // no next IFD; the CameraSettings IFD starts at 30
    note.putShort((short) 1).putShort((short) 0x0908).putShort((short) 2).putInt(20).putInt(48);
    note.putInt(0);
    note.put((dateTimeUtc + "\0").getBytes(StandardCharsets.US_ASCII));
    List<String> args = new ArrayList<>(List.of("-EXIF:Make=OM Digital Solutions"));
    args.addAll(List.of(exiftoolArgs));
    return makerNoteJpeg(dir, name, note.array(), args);
  }

  /**
   * A JPEG from a Reconyx HyperFire trail camera whose only date is its maker note's
   * DateTimeOriginal: version 0xF101, firmware 3.0.0 of 2011-01-01, then int16 seconds, minutes,
   * hours, month, day, year at byte 22 (metadata-extractor's and exiftool's layout), little-endian
   * as the camera writes its EXIF.
   */
  static Path reconyxJpeg(Path dir, String name, int[] yearMonthDayHourMinuteSecond)
      throws Exception {
    ByteBuffer note = ByteBuffer.allocate(160).order(ByteOrder.LITTLE_ENDIAN);
    note.putShort(0, (short) 0xF101).putShort(2, (short) 3);
    note.putShort(8, (short) 0x2011).putShort(10, (short) 0x0101);
    note.putShort(12, (short) 'M').putShort(14, (short) 1).putShort(16, (short) 3);
    int[] t = yearMonthDayHourMinuteSecond;
    int[] stored = {t[5], t[4], t[3], t[1], t[2], t[0]};
    for (int i = 0; i < stored.length; i++) {
      note.putShort(22 + 2 * i, (short) stored[i]);
    }
    return makerNoteJpeg(
        dir,
        name,
        note.array(),
        List.of("-ExifByteOrder=II", "-EXIF:Make=RECONYX", "-EXIF:Model=HC500 HYPERFIRE"));
  }

  /** A JPEG tagged by exiftool with the given arguments, e.g. only GPS date and time stamps. */
  static Path jpeg(Path dir, String name, String... exiftoolArgs) throws Exception {
    Path file = dir.resolve(name);
    if (!ImageIO.write(RawFiles.picture(96, 64, Color.GRAY), "jpeg", file.toFile())) {
      throw new IOException("no ImageIO writer for JPEG");
    }
    return exiftoolArgs.length == 0 ? file : exiftoolOn(file, exiftoolArgs);
  }

  private static Path makerNoteJpeg(Path dir, String name, byte[] note, List<String> exiftoolArgs)
      throws Exception {
    Path file = jpeg(dir, name);
    Path blob = Files.write(dir.resolve(name + ".makernote"), note);
    List<String> args = new ArrayList<>(exiftoolArgs);
    args.add("-MakerNotes<=" + blob);
    exiftoolOn(file, args.toArray(String[]::new));
    Files.delete(blob);
    return file;
  }

  static Path exiftoolOn(Path file, String... args) throws Exception {
    HeifSamples.requireProgram("exiftool");
    List<String> command = new ArrayList<>(List.of("exiftool", "-q", "-overwrite_original"));
    command.addAll(List.of(args));
    command.add(file.toString());
    run(command);
    return file;
  }

  /** ffmpeg making a fifth of a second of grey, 64 × 48, with the given output options. */
  private static List<String> ffmpeg(String... outputOptions) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "ffmpeg",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "color=gray:s=64x48:d=0.2"));
    command.addAll(List.of(outputOptions));
    return command;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
