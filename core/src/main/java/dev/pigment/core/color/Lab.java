package dev.pigment.core.color;

/**
 * Conversion between sRGB (IEC 61966-2-1, D65) and CIE 1976 L*a*b* (D65 reference white) in double precision
 * (round trips agree to about 1e-12), following Bruce Lindbloom's formulas (<a href="http://www.brucelindbloom.com">brucelindbloom.com</a>):
 * the sRGB transfer curve, the sRGB→XYZ matrix, and {@code f(t) = t^(1/3)} above ε = 216/24389, else
 * {@code (κ t + 16) / 116} with κ = 24389/27. Pure red (255, 0, 0) is L* 53.24, a* 80.09, b* 67.20.
 *
 * <p>Unlike OpenCV's 8-bit {@code COLOR_BGR2Lab} (L scaled to 0..255, a and b offset by 128), L* is 0..100 and
 * a*, b* are signed, roughly -108..+98 inside the sRGB gamut.
 */
public final class Lab {
    /** X of the D65 reference white (XYZ scaled to Y = 1). */
    public static final double XN = 0.95047;
    /** Y of the D65 reference white: 1 by definition. */
    public static final double YN = 1.0;
    /** Z of the D65 reference white (XYZ scaled to Y = 1). */
    public static final double ZN = 1.08883;

    private static final double EPSILON = 216.0 / 24389.0;
    private static final double KAPPA = 24389.0 / 27.0;
    /** The range of {@link #cbrt}'s fast path. */
    private static final double CBRT_MIN = 0x1p-1000;
    private static final double CBRT_MAX = 0x1p1000;

    /** Linear sRGB → XYZ (IEC 61966-2-1 primaries, D65), rows X, Y, Z. */
    private static final double[][] RGB_TO_XYZ = {
        {0.4124564, 0.3575761, 0.1804375},
        {0.2126729, 0.7151522, 0.0721750},
        {0.0193339, 0.1191920, 0.9503041},
    };
    /** The inverse of {@link #RGB_TO_XYZ}, computed in double precision. */
    private static final double[][] XYZ_TO_RGB = invert(RGB_TO_XYZ);

    private static final float[] LINEAR_OF_8BIT = new float[256];
    /** {@code CODE_THRESHOLDS[k]}: the linear value where 8-bit code k + 1 starts, {@code srgbToLinear((k+½)/255)}. */
    private static final double[] CODE_THRESHOLDS = new double[255];
    /**
     * {@code CODE_OF_BIN[i]}: the 8-bit code of linear value {@code i / CODE_BINS}. The bins are narrower than the
     * closest two thresholds (1/(255 · 12.92) apart, near black), so a value's code is its bin's or one more.
     */
    private static final int CODE_BINS = 4096;
    private static final byte[] CODE_OF_BIN = new byte[CODE_BINS + 1];

    static {
        for (int i = 0; i < 256; i++) {
            LINEAR_OF_8BIT[i] = (float) srgbToLinear(i / 255.0);
        }
        for (int k = 0; k < 255; k++) {
            CODE_THRESHOLDS[k] = srgbToLinear((k + 0.5) / 255.0);
        }
        for (int i = 0; i <= CODE_BINS; i++) {
            CODE_OF_BIN[i] = (byte) codeBySearch((double) i / CODE_BINS);
        }
    }

    private Lab() {
    }

    /** sRGB electro-optical transfer: encoded value in [0, 1] → linear light. */
    public static double srgbToLinear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /** Inverse of {@link #srgbToLinear}. */
    public static double linearToSrgb(double v) {
        return v <= 0.0031308 ? v * 12.92 : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }

    /** sRGB in [0, 1] → {L*, a*, b*}. */
    public static double[] fromSrgb(double r, double g, double b) {
        double[] out = new double[3];
        linearToLab(srgbToLinear(r), srgbToLinear(g), srgbToLinear(b), out);
        return out;
    }

    /** 8-bit sRGB → {L*, a*, b*}. */
    public static double[] fromSrgb8(int r, int g, int b) {
        double[] out = new double[3];
        fromSrgb8(r, g, b, out);
        return out;
    }

    /** 8-bit sRGB → L*a*b*, written to {@code out[0..2]}. */
    public static void fromSrgb8(int r, int g, int b, double[] out) {
        linearToLab(LINEAR_OF_8BIT[r & 0xFF], LINEAR_OF_8BIT[g & 0xFF], LINEAR_OF_8BIT[b & 0xFF], out);
    }

    /** L* of an 8-bit sRGB pixel. */
    public static double lightness8(int r, int g, int b) {
        return 116 * f(luminance8(r, g, b) / YN) - 16;
    }

    /** Relative luminance Y (0..1) of an 8-bit sRGB pixel: the Y row of the sRGB → XYZ matrix on linear values. */
    static double luminance8(int r, int g, int b) {
        double[] m = RGB_TO_XYZ[1];
        return m[0] * LINEAR_OF_8BIT[r & 0xFF] + m[1] * LINEAR_OF_8BIT[g & 0xFF] + m[2] * LINEAR_OF_8BIT[b & 0xFF];
    }

    /** Bisection steps of {@link #toSrgb8KeepingLuminance}'s chroma search: the scale is found to within 1/4096. */
    private static final int GAMUT_STEPS = 12;
    private static final double GAMUT_TOLERANCE = 1e-9;

    /**
     * The 8-bit sRGB colour with luminance {@code y} (0..1) and chroma a*, b*, packed as {@code r << 16 | g << 8 | b}:
     * in-gamut colours exactly; others with a* and b* scaled down by bisection on the scale (to within 1/4096) until
     * the colour lies in the gamut, so that luminance, hence L*, and hue are kept. Luminance outside [0, 1] is
     * clipped to it.
     */
    static int toSrgb8KeepingLuminance(double y, double a, double b) {
        double yc = y > 0 ? Math.min(YN, y) : 0;
        double t = yc / YN;
        double fy = t > EPSILON ? cbrt(t) : (KAPPA * t + 16) / 116;
        double da = a * (1.0 / 500);
        double db = b * (1.0 / 200);
        double[] lin = new double[3];
        linearAtChromaScale(yc, fy, da, db, 1, lin);
        if (!inGamut(lin)) {
            double lo = 0;
            double hi = 1;
            for (int step = 0; step < GAMUT_STEPS; step++) {
                double mid = 0.5 * (lo + hi);
                linearAtChromaScale(yc, fy, da, db, mid, lin);
                if (inGamut(lin)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            linearAtChromaScale(yc, fy, da, db, lo, lin);
        }
        return linearToSrgb8(lin[0]) << 16 | linearToSrgb8(lin[1]) << 8 | linearToSrgb8(lin[2]);
    }

    /**
     * Linear R, G, B of luminance {@code yc} (f(Y) = {@code fy}) with a* and b* scaled by {@code scale}
     * ({@code da} = a* ÷ 500, {@code db} = b* ÷ 200): Y's share is fixed, X's and Z's follow the chroma.
     */
    private static void linearAtChromaScale(double yc, double fy, double da, double db, double scale, double[] out) {
        double[][] m = XYZ_TO_RGB;
        double x = XN * fInverse(fy + da * scale);
        double z = ZN * fInverse(fy - db * scale);
        for (int c = 0; c < 3; c++) {
            out[c] = m[c][1] * yc + m[c][0] * x + m[c][2] * z;
        }
    }

    private static boolean inGamut(double[] lin) {
        return lin[0] >= -GAMUT_TOLERANCE && lin[0] <= 1 + GAMUT_TOLERANCE && lin[1] >= -GAMUT_TOLERANCE
                && lin[1] <= 1 + GAMUT_TOLERANCE && lin[2] >= -GAMUT_TOLERANCE && lin[2] <= 1 + GAMUT_TOLERANCE;
    }

    /** Linear sRGB → L*a*b*, written to {@code out[0..2]}. */
    static void linearToLab(double r, double g, double b, double[] out) {
        double[][] m = RGB_TO_XYZ;
        double x = m[0][0] * r + m[0][1] * g + m[0][2] * b;
        double y = m[1][0] * r + m[1][1] * g + m[1][2] * b;
        double z = m[2][0] * r + m[2][1] * g + m[2][2] * b;
        double fx = f(x / XN);
        double fy = f(y / YN);
        double fz = f(z / ZN);
        out[0] = 116 * fy - 16;
        out[1] = 500 * (fx - fy);
        out[2] = 200 * (fy - fz);
    }

    private static double f(double t) {
        return t > EPSILON ? cbrt(t) : (KAPPA * t + 16) / 116;
    }

    /**
     * Cube root, within 1e-14 relative of {@link Math#cbrt} and four times as fast for {@code t} in
     * [2⁻¹⁰⁰⁰, 2¹⁰⁰⁰] (other values, zero, negatives, infinities and NaN go to {@code Math.cbrt}): a first guess
     * from the exponent bits (the bit pattern divided by three plus a constant, about 3% off), then two steps of
     * Halley's method, {@code y ← y (y³ + 2t) / (2y³ + t)}, each cubing the relative error.
     */
    static double cbrt(double t) {
        if (!(t >= CBRT_MIN && t <= CBRT_MAX)) {
            return Math.cbrt(t);
        }
        double y = Double.longBitsToDouble(Double.doubleToRawLongBits(t) / 3 + 0x2A9F7893782DA1CEL);
        double y3 = y * y * y;
        y *= (y3 + 2 * t) / (2 * y3 + t);
        y3 = y * y * y;
        return y * (y3 + 2 * t) / (2 * y3 + t);
    }

    private static double fInverse(double f) {
        double f3 = f * f * f;
        return f3 > EPSILON ? f3 : (116 * f - 16) / KAPPA;
    }

    /** L*a*b* → sRGB in [0, 1], not clipped: colours outside the sRGB gamut fall outside [0, 1]. */
    public static double[] toSrgb(double l, double a, double b) {
        double[] out = new double[3];
        toSrgb(l, a, b, out);
        return out;
    }

    /** L*a*b* → sRGB in [0, 1] (not clipped), written to {@code out[0..2]}. */
    public static void toSrgb(double l, double a, double b, double[] out) {
        toLinear(l, a, b, out);
        for (int c = 0; c < 3; c++) {
            out[c] = linearToSrgb(out[c]);
        }
    }

    /** The relative luminance Y (0..1, linear) of lightness L* (0..100): a gray's linear R = G = B. */
    public static double luminance(double l) {
        double fy = (l + 16) * (1.0 / 116);
        return l > KAPPA * EPSILON ? YN * fy * fy * fy : YN * l / KAPPA;
    }

    /** L*a*b* → linear sRGB (not clipped: outside [0, 1] means outside the gamut), written to {@code out[0..2]}. */
    public static void toLinear(double l, double a, double b, double[] out) {
        double fy = (l + 16) * (1.0 / 116);
        double fx = fy + a * (1.0 / 500);
        double fz = fy - b * (1.0 / 200);
        double x = XN * fInverse(fx);
        double y = luminance(l);
        double z = ZN * fInverse(fz);
        double[][] m = XYZ_TO_RGB;
        out[0] = m[0][0] * x + m[0][1] * y + m[0][2] * z;
        out[1] = m[1][0] * x + m[1][1] * y + m[1][2] * z;
        out[2] = m[2][0] * x + m[2][1] * y + m[2][2] * z;
    }

    /**
     * Linear light → 8-bit sRGB, clipped and rounded: {@code round(255 · linearToSrgb(clip(v)))}, found from a table
     * of 4,097 bins and one comparison with the threshold between codes instead of a power function; NaN gives 0.
     */
    public static int linearToSrgb8(double v) {
        if (!(v > 0)) {
            return 0;
        }
        if (v >= 1) {
            return 255;
        }
        int code = CODE_OF_BIN[(int) (v * CODE_BINS)] & 0xFF;
        return code < 255 && v >= CODE_THRESHOLDS[code] ? code + 1 : code;
    }

    /** The number of code thresholds at or below {@code v}: the 8-bit code of linear value {@code v}. */
    private static int codeBySearch(double v) {
        int lo = 0;
        int hi = 255;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v >= CODE_THRESHOLDS[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** L*a*b* → 8-bit sRGB, clipped to the gamut and rounded, written to {@code out[0..2]}. */
    public static void toSrgb8(double l, double a, double b, int[] out) {
        double[] rgb = new double[3];
        toSrgb(l, a, b, rgb);
        for (int c = 0; c < 3; c++) {
            out[c] = (int) Math.round(255 * Math.min(1, Math.max(0, rgb[c])));
        }
    }

    private static double[][] invert(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2];
        double d = m[1][0], e = m[1][1], f = m[1][2];
        double g = m[2][0], h = m[2][1], i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
            {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
            {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
            {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det},
        };
    }
}
