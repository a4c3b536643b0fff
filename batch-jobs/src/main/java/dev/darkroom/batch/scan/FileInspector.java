package dev.darkroom.batch.scan;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.imaging.jpeg.JpegSegmentMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.jpeg.JpegReader;
import dev.darkroom.storage.archive.ArchiveReader;
import dev.darkroom.storage.archive.MountedRoot;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads one original, once, through the {@link ArchiveReader}: streams its SHA-256 with a fixed
 * buffer (never the whole file in memory) and detects its media type from the first bytes, with the
 * name only as a hint. For images it then reads just the header for width and height. Thread-safe:
 * each thread gets its own buffer.
 */
final class FileInspector {

  /** Enough for media-type detection and, for nearly every image, its header with dimensions. */
  static final int HEAD_BYTES = 64 * 1024;

  private static final int BUFFER_BYTES = 256 * 1024;
  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER_BYTES));
  private static final HexFormat HEX = HexFormat.of();

  /** Only the start-of-frame segment: width and height. */
  private static final List<JpegSegmentMetadataReader> JPEG_FRAME = List.of(new JpegReader());

  private final ArchiveReader archive;
  private final MediaTypeDetector detector = new MediaTypeDetector();

  /**
   * Bytes read for hashing by every scan in this process, as they are read (not per committed
   * chunk): lets a progress display move while one large file is hashed.
   */
  private static final LongAdder BYTES_READ = new LongAdder();

  static long bytesRead() {
    return BYTES_READ.sum();
  }

  FileInspector(ArchiveReader archive) {
    this.archive = archive;
  }

  /** What reading a file yielded. {@code size} is the number of bytes actually hashed. */
  record Inspection(
      String sha256,
      long size,
      String mediaType,
      @Nullable Integer width,
      @Nullable Integer height) {}

  Inspection inspect(MountedRoot root, Path path) throws IOException {
    MessageDigest digest = sha256();
    ByteBuffer buffer = BUFFER.get();
    byte[] head = null;
    long size = 0;
    try (FileChannel channel = archive.openChannel(root, path)) {
      while (true) {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
          break;
        }
        buffer.flip();
        if (head == null) {
          head = new byte[Math.min(n, HEAD_BYTES)];
          buffer.get(head);
          buffer.rewind();
        }
        digest.update(buffer);
        size += n;
        BYTES_READ.add(n);
      }
    }
    String mediaType =
        detector.detect(head == null ? new byte[0] : head, path.getFileName().toString());
    Integer width = null;
    Integer height = null;
    if (mediaType.startsWith("image/")) {
      int[] dimensions = imageDimensions(root, path, mediaType, head, size);
      if (dimensions != null) {
        width = dimensions[0];
        height = dimensions[1];
      }
    }
    return new Inspection(HEX.formatHex(digest.digest()), size, mediaType, width, height);
  }

  /**
   * Width and height from the image header, or null when no reader understands it. The header is
   * read from the bytes already in memory; only an image whose header lies beyond them is opened
   * again. No disk cache: ImageIO would otherwise write a temporary file per image.
   */
  private int @Nullable [] imageDimensions(
      MountedRoot root, Path path, String mediaType, byte @Nullable [] head, long size) {
    if (head != null) {
      int[] fromHead = dimensions(new ByteArrayInputStream(head), mediaType);
      if (fromHead != null || head.length >= size) {
        return fromHead;
      }
    }
    try (FileChannel channel = archive.openChannel(root, path);
        InputStream in = Channels.newInputStream(channel)) {
      return dimensions(in, mediaType);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static int @Nullable [] dimensions(InputStream in, String mediaType) {
    if (mediaType.equals("image/jpeg")) {
      if (!in.markSupported()) {
        in = new BufferedInputStream(in, 64 * 1024);
      }
      in.mark(Integer.MAX_VALUE);
      int[] fromFrame = jpegFrameDimensions(in);
      if (fromFrame != null) {
        return fromFrame;
      }
      try {
        in.reset();
      } catch (IOException e) {
        return null;
      }
    }
    return imageIoDimensions(in, mediaType);
  }

  /**
   * A JPEG's width and height from its start-of-frame segment, read by metadata-extractor's segment
   * reader, which stops at the start of the scan. The same figures ImageIO's reader gives (the SOF
   * fields), without building a JPEG decoder per file: that cost about 50 µs a file, a sixth of a
   * cold scan's CPU on small JPEGs (docs/benchmarks.md).
   */
  private static int @Nullable [] jpegFrameDimensions(InputStream in) {
    try {
      Metadata metadata = JpegMetadataReader.readMetadata(in, JPEG_FRAME);
      JpegDirectory frame = metadata.getFirstDirectoryOfType(JpegDirectory.class);
      if (frame == null
          || !frame.containsTag(JpegDirectory.TAG_IMAGE_WIDTH)
          || !frame.containsTag(JpegDirectory.TAG_IMAGE_HEIGHT)) {
        return null;
      }
      int width = frame.getImageWidth();
      int height = frame.getImageHeight();
      return width > 0 && height > 0 ? new int[] {width, height} : null;
    } catch (JpegProcessingException | MetadataException | IOException | RuntimeException e) {
      return null;
    }
  }

  private static int @Nullable [] imageIoDimensions(InputStream in, String mediaType) {
    try (ImageInputStream image = new MemoryCacheImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mediaType);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(image, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        return width > 0 && height > 0 ? new int[] {width, height} : null;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // Dimensions are a cheap extra; a damaged header leaves them unknown, not the scan failed.
      return null;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
