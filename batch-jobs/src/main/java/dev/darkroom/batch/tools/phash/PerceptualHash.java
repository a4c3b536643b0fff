package dev.darkroom.batch.tools.phash;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 64-bit DCT perceptual hash as Python's ImageHash computes {@code phash} (hash size 8, high
 * frequency factor 4), the de facto standard form of the pHash.org algorithm:
 *
 * <ol>
 *   <li>grey levels as Pillow's {@code convert('L')}: {@code (19595 R + 38470 G + 7471 B + 2^15) >>
 *       16};
 *   <li>resized to 32 × 32 with a Lanczos-3 filter whose support widens with the scale (Pillow's
 *       {@code resize(…, LANCZOS)}: horizontal pass, then vertical, each rounded to 8 bits);
 *   <li>a two-dimensional DCT-II (rows, then columns);
 *   <li>the 8 × 8 lowest frequencies, DC included, compared with their median: bit = coefficient
 *       above the median, row by row, the first coefficient the most significant bit.
 * </ol>
 *
 * <p>Pictures that look alike have hashes a few bits apart (Hamming distance); a resize, a new JPEG
 * quality or a slight brightening moves a handful of bits, an unrelated picture about half of them.
 * Stateless and thread-safe.
 */
public final class PerceptualHash {

  static final int HASH_SIZE = 8;
  static final int SAMPLE_SIZE = HASH_SIZE * 4;
  private static final double[][] COSINES = cosines(SAMPLE_SIZE);

  private PerceptualHash() {}

  /** The 64-bit hash of a picture; the first DCT coefficient is bit 63. */
  public static long of(BufferedImage image) {
    int[][] grey = grey(image);
    double[][] small = resizeLanczos(grey, image.getWidth(), image.getHeight(), SAMPLE_SIZE);
    double[][] dct = dct2(small);
    double[] low = new double[HASH_SIZE * HASH_SIZE];
    for (int y = 0; y < HASH_SIZE; y++) {
      System.arraycopy(dct[y], 0, low, y * HASH_SIZE, HASH_SIZE);
    }
    double median = median(low);
    long hash = 0;
    for (double coefficient : low) {
      hash = (hash << 1) | (coefficient > median ? 1 : 0);
    }
    return hash;
  }

  /** Sixteen lowercase hex digits, as ImageHash prints a hash. */
  public static String toHex(long hash) {
    return HexFormat.of().withLowerCase().toHexDigits(hash);
  }

  /**
   * @throws IllegalArgumentException unless {@code hex} is 16 hex digits
   */
  public static long fromHex(String hex) {
    if (hex.length() != 16) {
      throw new IllegalArgumentException("a 64-bit hash has 16 hex digits, not: " + hex);
    }
    return HexFormat.fromHexDigitsToLong(hex);
  }

  /** How many of the 64 bits differ. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** Pillow's ITU-R 601-2 luma, in its integer form, rows of columns. */
  static int[][] grey(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[][] grey = new int[height][width];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int rgb = row[x];
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        grey[y][x] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
      }
    }
    return grey;
  }

  /** Pillow's two-pass resampling with the Lanczos filter, rounding to 8 bits after each pass. */
  static double[][] resizeLanczos(int[][] grey, int width, int height, int size) {
    double[][] source = new double[height][width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        source[y][x] = grey[y][x];
      }
    }
    double[][] horizontal = new double[height][size];
    Coefficients cx = Coefficients.of(width, size);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < size; x++) {
        double sum = 0;
        for (int k = 0; k < cx.length[x]; k++) {
          sum += source[y][cx.start[x] + k] * cx.weights[x][k];
        }
        horizontal[y][x] = clip8(sum);
      }
    }
    double[][] result = new double[size][size];
    Coefficients cy = Coefficients.of(height, size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double sum = 0;
        for (int k = 0; k < cy.length[y]; k++) {
          sum += horizontal[cy.start[y] + k][x] * cy.weights[y][k];
        }
        result[y][x] = clip8(sum);
      }
    }
    return result;
  }

  private static double clip8(double value) {
    long rounded = Math.round(value);
    return rounded < 0 ? 0 : Math.min(rounded, 255);
  }

  /** scipy.fftpack.dct type II, unnormalised, along rows and then columns. */
  static double[][] dct2(double[][] pixels) {
    int n = pixels.length;
    double[][] rows = new double[n][n];
    for (int k = 0; k < n; k++) {
      for (int x = 0; x < n; x++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += pixels[i][x] * COSINES[k][i];
        }
        rows[k][x] = 2 * sum;
      }
    }
    double[][] out = new double[n][n];
    for (int y = 0; y < n; y++) {
      for (int k = 0; k < n; k++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum += rows[y][i] * COSINES[k][i];
        }
        out[y][k] = 2 * sum;
      }
    }
    return out;
  }

  private static double[][] cosines(int n) {
    double[][] c = new double[n][n];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        c[k][i] = Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n));
      }
    }
    return c;
  }

  /** numpy's median: the mean of the two middle values of an even count. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Pillow's {@code precompute_coeffs} for the Lanczos filter (support 3). */
  private record Coefficients(int[] start, int[] length, double[][] weights) {

    static Coefficients of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = 3.0 * filterScale;
      int[] start = new int[outSize];
      int[] length = new int[outSize];
      double[][] weights = new double[outSize][];
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        int xmin = Math.max((int) (center - support + 0.5), 0);
        int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
        double[] k = new double[xmax];
        double total = 0;
        for (int x = 0; x < xmax; x++) {
          double w = lanczos((x + xmin - center + 0.5) / filterScale);
          k[x] = w;
          total += w;
        }
        for (int x = 0; x < xmax; x++) {
          k[x] = total == 0 ? 0 : k[x] / total;
        }
        start[xx] = xmin;
        length[xx] = xmax;
        weights[xx] = k;
      }
      return new Coefficients(start, length, weights);
    }

    private static double lanczos(double x) {
      if (x > -3.0 && x < 3.0) {
        return sinc(x) * sinc(x / 3.0);
      }
      return 0.0;
    }

    private static double sinc(double x) {
      if (x == 0.0) {
        return 1.0;
      }
      double px = x * Math.PI;
      return Math.sin(px) / px;
    }
  }
}
