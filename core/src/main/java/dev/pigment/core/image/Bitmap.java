package dev.pigment.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/**
 * An immutable 8-bit image: {@code height × width × channels} bytes in row-major HWC order, with 1 channel (gray)
 * or 3 channels (sRGB in R, G, B order). Every pipeline stage reads and returns bitmaps; none changes one in place.
 *
 * <p>Decode files with {@link ImageFiles#read}; convert from Java 2D with {@link #fromBufferedImage}.
 */
public final class Bitmap {
    private final int height;
    private final int width;
    private final int channels;
    private final byte[] pixels;

    private Bitmap(int height, int width, int channels, byte[] pixels) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("a bitmap needs height and width >= 1, got " + height + "x" + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("a bitmap has 1 or 3 channels, got " + channels);
        }
        if (pixels.length != (long) height * width * channels) {
            throw new IllegalArgumentException("expected " + (long) height * width * channels
                    + " bytes for " + height + "x" + width + "x" + channels + ", got " + pixels.length);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.pixels = pixels;
    }

    /**
     * A bitmap holding a copy of {@code hwc}, which must have {@code height*width*channels} bytes.
     *
     * @throws IllegalArgumentException if a side is below 1, {@code channels} is not 1 or 3, or the length is wrong
     */
    public static Bitmap of(int height, int width, int channels, byte[] hwc) {
        return new Bitmap(height, width, channels, hwc.clone());
    }

    /**
     * A bitmap holding a copy of {@code height*width*channels} bytes of {@code src} from {@code offset}, HWC.
     *
     * @throws IllegalArgumentException if {@code src} holds too few bytes from {@code offset}, a side is below 1, or
     *     {@code channels} is not 1 or 3
     */
    public static Bitmap of(int height, int width, int channels, byte[] src, int offset) {
        int n = height * width * channels;
        if (offset < 0 || offset + n > src.length) {
            throw new IllegalArgumentException("need " + n + " bytes from offset " + offset + ", array has "
                    + src.length);
        }
        byte[] copy = new byte[n];
        System.arraycopy(src, offset, copy, 0, n);
        return new Bitmap(height, width, channels, copy);
    }

    /** Takes ownership of {@code hwc}: for code in this package that made the array and drops it. */
    static Bitmap wrap(int height, int width, int channels, byte[] hwc) {
        return new Bitmap(height, width, channels, hwc);
    }

    /** The height in pixels (rows). */
    public int height() {
        return height;
    }

    /** The width in pixels (columns). */
    public int width() {
        return width;
    }

    /** The number of channels: 1 (gray) or 3 (sRGB). */
    public int channels() {
        return channels;
    }

    /** The value 0..255 of channel {@code c} at row {@code y}, column {@code x}. */
    public int get(int y, int x, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }

    /** A copy of the pixels, HWC. */
    public byte[] toBytes() {
        return pixels.clone();
    }

    /** Copies the pixels (HWC) into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(pixels, 0, dst, offset, pixels.length);
    }

    /** Pixels, HWC, for read-only use inside this package. */
    byte[] pixels() {
        return pixels;
    }

    /** This image with 3 channels: gray is replicated to R, G and B. */
    public Bitmap toRgb() {
        if (channels == 3) {
            return this;
        }
        byte[] out = new byte[height * width * 3];
        for (int i = 0, n = height * width; i < n; i++) {
            byte v = pixels[i];
            out[3 * i] = v;
            out[3 * i + 1] = v;
            out[3 * i + 2] = v;
        }
        return wrap(height, width, 3, out);
    }

    /** This image with 1 channel: BT.601 luma 0.299 R + 0.587 G + 0.114 B, rounded (as PIL's "L" mode). */
    public Bitmap toGray() {
        if (channels == 1) {
            return this;
        }
        byte[] out = new byte[height * width];
        for (int i = 0, n = height * width; i < n; i++) {
            int r = pixels[3 * i] & 0xFF;
            int g = pixels[3 * i + 1] & 0xFF;
            int b = pixels[3 * i + 2] & 0xFF;
            out[i] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
        }
        return wrap(height, width, 1, out);
    }

    /** True when this image has one channel, or every pixel's R, G and B lie within {@code tolerance}. */
    public boolean isGrayscale(int tolerance) {
        if (channels == 1) {
            return true;
        }
        for (int i = 0; i < pixels.length; i += 3) {
            int r = pixels[i] & 0xFF;
            int g = pixels[i + 1] & 0xFF;
            int b = pixels[i + 2] & 0xFF;
            if (Math.abs(r - g) > tolerance || Math.abs(g - b) > tolerance || Math.abs(r - b) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code h × w} region whose top-left corner is at row {@code y}, column {@code x}.
     *
     * @throws IllegalArgumentException if the region is empty or does not lie inside the image
     */
    public Bitmap crop(int y, int x, int h, int w) {
        if (y < 0 || x < 0 || h < 1 || w < 1 || y + h > height || x + w > width) {
            throw new IllegalArgumentException("crop " + h + "x" + w + " at (" + y + ", " + x
                    + ") does not fit inside " + height + "x" + width);
        }
        byte[] out = new byte[h * w * channels];
        int rowBytes = w * channels;
        for (int r = 0; r < h; r++) {
            System.arraycopy(pixels, ((y + r) * width + x) * channels, out, r * rowBytes, rowBytes);
        }
        return wrap(h, w, channels, out);
    }

    /**
     * The central {@code h × w} region (rounded towards the top left).
     *
     * @throws IllegalArgumentException if the region is empty or larger than the image
     */
    public Bitmap centerCrop(int h, int w) {
        return crop((height - h) / 2, (width - w) / 2, h, w);
    }

    /**
     * This image padded by {@code pad} pixels on every side, mirrored at the edges (reflect without repeat).
     *
     * @throws IllegalArgumentException unless {@code 0 <= pad < min(height, width)}
     */
    public Bitmap padReflect(int pad) {
        if (pad < 0 || pad >= height || pad >= width) {
            throw new IllegalArgumentException("pad must be in 0.." + (Math.min(height, width) - 1) + ", got " + pad);
        }
        if (pad == 0) {
            return this;
        }
        int h = height + 2 * pad;
        int w = width + 2 * pad;
        byte[] out = new byte[h * w * channels];
        for (int y = 0; y < h; y++) {
            int sy = reflect(y - pad, height);
            for (int x = 0; x < w; x++) {
                int sx = reflect(x - pad, width);
                System.arraycopy(pixels, (sy * width + sx) * channels, out, (y * w + x) * channels, channels);
            }
        }
        return wrap(h, w, channels, out);
    }

    private static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * n - 2 - i : i;
    }

    /** This image mirrored left to right. */
    public Bitmap flipHorizontal() {
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                System.arraycopy(pixels, (row + x) * channels, out, (row + width - 1 - x) * channels, channels);
            }
        }
        return wrap(height, width, channels, out);
    }

    /** This image mirrored top to bottom. */
    public Bitmap flipVertical() {
        byte[] out = new byte[pixels.length];
        int rowBytes = width * channels;
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, y * rowBytes, out, (height - 1 - y) * rowBytes, rowBytes);
        }
        return wrap(height, width, channels, out);
    }

    /**
     * This image resampled to {@code h × w} with an antialiased bilinear (triangle) filter; see {@link Resampling}.
     *
     * @throws IllegalArgumentException if a side is below 1
     */
    public Bitmap resize(int h, int w) {
        if (h == height && w == width) {
            return this;
        }
        return Resampling.resize(this, h, w);
    }

    /**
     * Resized so that the shorter side is {@code side}, keeping the aspect ratio (the longer side rounded).
     *
     * @throws IllegalArgumentException if {@code side} is below 1
     */
    public Bitmap resizeShorterSide(int side) {
        if (side < 1) {
            throw new IllegalArgumentException("side must be >= 1, got " + side);
        }
        int h;
        int w;
        if (height <= width) {
            h = side;
            w = Math.max(1, (int) Math.round((double) width * side / height));
        } else {
            w = side;
            h = Math.max(1, (int) Math.round((double) height * side / width));
        }
        return resize(h, w);
    }

    /**
     * Resized to cover {@code h × w} (shorter side scaled, aspect kept) and centre-cropped to exactly
     * {@code h × w}; the usual "resize then centre crop" of image classifiers.
     */
    public Bitmap resizeAndCrop(int h, int w) {
        double scale = Math.max((double) h / height, (double) w / width);
        int sh = Math.max(h, (int) Math.round(height * scale));
        int sw = Math.max(w, (int) Math.round(width * scale));
        return resize(sh, sw).centerCrop(h, w);
    }

    /**
     * This image rotated by {@code degrees} (counter-clockwise) and scaled by {@code scale} about its centre, with
     * bilinear sampling; pixels that fall outside the source take the nearest edge pixel. Same size as this.
     *
     * @throws IllegalArgumentException if {@code scale} is not positive and finite
     */
    public Bitmap rotateScale(double degrees, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        double rad = Math.toRadians(degrees);
        double cos = Math.cos(rad) / scale;
        double sin = Math.sin(rad) / scale;
        double cy = (height - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            double dy = y - cy;
            for (int x = 0; x < width; x++) {
                double dx = x - cx;
                // inverse map: output (x, y) samples source at R(-θ)·(dx, dy)/scale + centre
                double sx = cos * dx - sin * dy + cx;
                double sy = sin * dx + cos * dy + cy;
                sampleBilinear(sy, sx, out, (y * width + x) * channels);
            }
        }
        return wrap(height, width, channels, out);
    }

    private void sampleBilinear(double sy, double sx, byte[] out, int at) {
        sy = Math.min(Math.max(sy, 0), height - 1);
        sx = Math.min(Math.max(sx, 0), width - 1);
        int y0 = (int) sy;
        int x0 = (int) sx;
        int y1 = Math.min(y0 + 1, height - 1);
        int x1 = Math.min(x0 + 1, width - 1);
        double fy = sy - y0;
        double fx = sx - x0;
        for (int c = 0; c < channels; c++) {
            double top = (pixels[(y0 * width + x0) * channels + c] & 0xFF) * (1 - fx)
                    + (pixels[(y0 * width + x1) * channels + c] & 0xFF) * fx;
            double bottom = (pixels[(y1 * width + x0) * channels + c] & 0xFF) * (1 - fx)
                    + (pixels[(y1 * width + x1) * channels + c] & 0xFF) * fx;
            out[at + c] = (byte) (int) Math.round(top * (1 - fy) + bottom * fy);
        }
    }

    /**
     * Converts a Java 2D image. Gray images keep one channel, all others become sRGB. 16-bit samples are rounded to
     * 8 bits; alpha is composited over white; palettes and non-RGB colour models (CMYK) go through Java 2D's sRGB
     * conversion. Sample values of RGB images are taken as sRGB (an embedded ICC profile is not applied).
     */
    public static Bitmap fromBufferedImage(BufferedImage image) {
        return BufferedImages.toBitmap(image);
    }

    /** This image as a Java 2D image ({@code TYPE_BYTE_GRAY} or {@code TYPE_3BYTE_BGR}). */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        if (channels == 1) {
            System.arraycopy(pixels, 0, dst, 0, pixels.length);
        } else {
            for (int i = 0; i < pixels.length; i += 3) {
                dst[i] = pixels[i + 2];
                dst[i + 1] = pixels[i + 1];
                dst[i + 2] = pixels[i];
            }
        }
        return img;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bitmap b && b.height == height && b.width == width && b.channels == channels
                && Arrays.equals(b.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * height + width) + channels) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Bitmap[" + height + "x" + width + "x" + channels + "]";
    }
}
