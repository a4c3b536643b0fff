package dev.darkroom.batch.tools.metadata;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoAscii;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.jspecify.annotations.Nullable;

/** JPEGs with EXIF the sample archive does not have: offsets, unset clocks, odd values. */
final class ExifJpegs {

  /** EXIF 2.31's OffsetTimeOriginal, which Commons Imaging has no constant for. */
  private static final TagInfoAscii OFFSET_TIME_ORIGINAL =
      new TagInfoAscii("OffsetTimeOriginal", 0x9011, 7, TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);

  private ExifJpegs() {}

  static byte[] jpeg(
      @Nullable String dateTimeOriginal,
      @Nullable String offsetTimeOriginal,
      @Nullable String dateTime,
      short orientation,
      double @Nullable [] longitudeLatitude)
      throws Exception {
    TiffOutputSet set = new TiffOutputSet(ByteOrder.BIG_ENDIAN);
    TiffOutputDirectory root = set.getOrCreateRootDirectory();
    root.add(TiffTagConstants.TIFF_TAG_MAKE, "NIKON CORPORATION");
    root.add(TiffTagConstants.TIFF_TAG_MODEL, "NIKON Z 6");
    root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, orientation);
    if (dateTime != null) {
      root.add(TiffTagConstants.TIFF_TAG_DATE_TIME, dateTime);
    }
    TiffOutputDirectory exif = set.getOrCreateExifDirectory();
    if (dateTimeOriginal != null) {
      exif.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, dateTimeOriginal);
    }
    if (offsetTimeOriginal != null) {
      exif.add(OFFSET_TIME_ORIGINAL, offsetTimeOriginal);
    }
    if (longitudeLatitude != null) {
      set.setGpsInDegrees(longitudeLatitude[0], longitudeLatitude[1]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ExifRewriter().updateExifMetadataLossless(plainJpeg(), out, set);
    return out.toByteArray();
  }

  private static byte[] plainJpeg() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB), "jpeg", out);
    return out.toByteArray();
  }
}
