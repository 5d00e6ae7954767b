package dev.pigment.core.color;

import dev.pigment.core.image.Bitmap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The quantised a*b* colour space of Zhang, Isola and Efros, "Colorful Image Colorization" (ECCV 2016, §2.1–2.2):
 * the cells {@code [k·grid, (k+1)·grid)²} of a grid over a*b* that the training photos' pixels fall in (all 16.7 M
 * 8-bit sRGB colours fill 268 cells of the 10-unit grid; the paper's 313 count cells centred on the grid points),
 * their empirical prior, the class-rebalancing weights, soft encoding of a colour over its nearest cells, and
 * annealed-mean decoding of a distribution over the cells.
 *
 * <ul>
 *   <li>Cell q has centre {@code (a_q, b_q)}, a multiple of {@code grid} plus half a cell.</li>
 *   <li>Soft encoding: the {@link #NEIGHBOURS} nearest centres, weighted by a Gaussian of σ = {@link #SOFT_SIGMA}
 *       of the distance, normalised to sum 1.</li>
 *   <li>Rebalancing: the prior p smoothed by a Gaussian of σ = 5 over the centres gives p̃; the weight of cell q is
 *       {@code ((1 − λ)·p̃_q + λ/Q)^−1}, scaled so that {@code Σ p̃_q·w_q = 1}.</li>
 *   <li>Annealed mean: {@code Σ_q f_T(z)_q·c_q} with {@code f_T(z)_q = z_q^{1/T} / Σ z^{1/T}}; T = 1 is the mean,
 *       T → 0 the mode; the paper uses T = 0.38.</li>
 * </ul>
 *
 * <p>Immutable. {@link #encode()} and {@link #parse} store it as text in a model file.
 */
public final class AbBins {
    /** The grid of the paper, in a*b* units. */
    public static final double DEFAULT_GRID = 10;
    /** How many nearest cells a colour is soft-encoded over. */
    public static final int NEIGHBOURS = 5;
    /** σ of the soft encoding's Gaussian, in a*b* units. */
    public static final double SOFT_SIGMA = 5;
    /** σ of the Gaussian that smooths the prior, in a*b* units. */
    public static final double PRIOR_SIGMA = 5;
    /** The paper's mix of the smoothed prior with the uniform distribution. */
    public static final double DEFAULT_LAMBDA = 0.5;
    /** The paper's annealed-mean temperature. */
    public static final double DEFAULT_TEMPERATURE = 0.38;

    private final double grid;
    private final double[] a;
    private final double[] b;
    private final double[] prior;
    private final double[] weights;
    /** Per grid cell, the cells that can be among the {@link #NEIGHBOURS} nearest of a colour in it. */
    private final int[][] candidates;

    private AbBins(double grid, double[] a, double[] b, double[] prior, double[] weights) {
        this.grid = grid;
        this.a = a;
        this.b = b;
        this.prior = prior;
        this.weights = weights;
        this.candidates = candidates(grid, a, b);
    }

    /**
     * For a colour p in a grid cell with centre c and half-diagonal h, every distance differs from the distance to c
     * by at most h; so p's nearest k lie within r + 2h of c, where r is c's k-th nearest distance. The lists keep
     * index order, so a search over them finds exactly what a search over all cells finds, ties included.
     */
    private static int[][] candidates(double grid, double[] a, double[] b) {
        int cells = cellsPerSide(grid);
        int k = Math.min(NEIGHBOURS, a.length);
        double h = grid * Math.sqrt(0.5);
        int[][] out = new int[cells * cells][];
        double[] d = new double[a.length];
        for (int i = 0; i < cells; i++) {
            for (int j = 0; j < cells; j++) {
                double ca = centre(i, grid, cells);
                double cb = centre(j, grid, cells);
                for (int q = 0; q < a.length; q++) {
                    d[q] = Math.hypot(a[q] - ca, b[q] - cb);
                }
                double[] sorted = d.clone();
                Arrays.sort(sorted);
                double bound = sorted[k - 1] + 2 * h + 1e-9;
                int[] list = new int[a.length];
                int n = 0;
                for (int q = 0; q < a.length; q++) {
                    if (d[q] <= bound) {
                        list[n++] = q;
                    }
                }
                out[i * cells + j] = Arrays.copyOf(list, n);
            }
        }
        return out;
    }

    /**
     * The cells that the pixels of {@code photos} fall in, with their empirical prior and the rebalancing weights for
     * {@code lambda}.
     *
     * @throws IllegalArgumentException if there are no photos, or grid or lambda is out of range
     */
    public static AbBins fromPhotos(Collection<Bitmap> photos, double grid, double lambda) {
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("no photos to compute the a*b* bins from");
        }
        checkGrid(grid);
        int cells = cellsPerSide(grid);
        long[] counts = new long[cells * cells];
        double[] lab = new double[3];
        for (Bitmap p : photos) {
            byte[] px = p.toRgb().toBytes();
            for (int i = 0; i < px.length; i += 3) {
                Lab.fromSrgb8(px[i] & 0xFF, px[i + 1] & 0xFF, px[i + 2] & 0xFF, lab);
                counts[cell(lab[1], grid, cells) * cells + cell(lab[2], grid, cells)]++;
            }
        }
        List<Integer> used = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                used.add(i);
                total += counts[i];
            }
        }
        int q = used.size();
        double[] a = new double[q];
        double[] b = new double[q];
        double[] prior = new double[q];
        for (int k = 0; k < q; k++) {
            int i = used.get(k);
            a[k] = centre(i / cells, grid, cells);
            b[k] = centre(i % cells, grid, cells);
            prior[k] = (double) counts[i] / total;
        }
        return new AbBins(grid, a, b, prior, rebalancingWeights(a, b, prior, lambda));
    }

    /** The rebalancing weights of Zhang et al. (eq. 4) for a prior over the given centres. */
    static double[] rebalancingWeights(double[] a, double[] b, double[] prior, double lambda) {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        int q = prior.length;
        double[] smooth = new double[q];
        for (int i = 0; i < q; i++) {
            double norm = 0;
            double s = 0;
            for (int j = 0; j < q; j++) {
                double d2 = (a[i] - a[j]) * (a[i] - a[j]) + (b[i] - b[j]) * (b[i] - b[j]);
                double k = Math.exp(-d2 / (2 * PRIOR_SIGMA * PRIOR_SIGMA));
                s += k * prior[j];
                norm += k;
            }
            smooth[i] = s / norm;
        }
        double total = Arrays.stream(smooth).sum();
        double[] w = new double[q];
        double expectation = 0;
        for (int i = 0; i < q; i++) {
            smooth[i] /= total;
            w[i] = 1 / ((1 - lambda) * smooth[i] + lambda / q);
            expectation += smooth[i] * w[i];
        }
        for (int i = 0; i < q; i++) {
            w[i] /= expectation;
        }
        return w;
    }

    /** Number of cells Q. */
    public int size() {
        return prior.length;
    }

    /** The side of a cell, in a*b* units. */
    public double grid() {
        return grid;
    }

    /** a* of the centre of cell {@code q}. */
    public double a(int q) {
        return a[q];
    }

    /** b* of the centre of cell {@code q}. */
    public double b(int q) {
        return b[q];
    }

    /** The share of training pixels in cell {@code q}. */
    public double prior(int q) {
        return prior[q];
    }

    /** The rebalancing weight of cell {@code q}. */
    public double weight(int q) {
        return weights[q];
    }

    /** The cell whose centre is nearest to ({@code aa}, {@code bb}) = (a*, b*); the first such on ties. */
    public int nearest(double aa, double bb) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int q = 0; q < a.length; q++) {
            double d = (a[q] - aa) * (a[q] - aa) + (b[q] - bb) * (b[q] - bb);
            if (d < bestD) {
                bestD = d;
                best = q;
            }
        }
        return best;
    }

    /**
     * Writes the soft encoding of ({@code aa}, {@code bb}) = (a*, b*) into {@code out[offset .. offset+Q-1]} (which
     * must be zero there): the {@link #NEIGHBOURS} nearest centres get Gaussian weights summing to 1, or,
     * {@code rebalanced}, to the rebalancing weight of the nearest cell (so that a cross-entropy over the encoding is
     * the paper's rebalanced loss).
     *
     * @return the nearest cell
     */
    public int softEncode(double aa, double bb, float[] out, int offset, boolean rebalanced) {
        int k = Math.min(NEIGHBOURS, a.length);
        int[] idx = new int[k];
        double[] dist = new double[k];
        Arrays.fill(dist, Double.MAX_VALUE);
        int cells = cellsPerSide(grid);
        boolean inside = aa >= -120 && aa < -120 + cells * grid && bb >= -120 && bb < -120 + cells * grid;
        int[] search = inside ? candidates[cell(aa, grid, cells) * cells + cell(bb, grid, cells)] : null;
        int count = search == null ? a.length : search.length;
        for (int c = 0; c < count; c++) {
            int q = search == null ? c : search[c];
            double d = (a[q] - aa) * (a[q] - aa) + (b[q] - bb) * (b[q] - bb);
            if (d < dist[k - 1]) {
                int j = k - 1;
                while (j > 0 && dist[j - 1] > d) {
                    dist[j] = dist[j - 1];
                    idx[j] = idx[j - 1];
                    j--;
                }
                dist[j] = d;
                idx[j] = q;
            }
        }
        double scale = rebalanced ? weights[idx[0]] : 1;
        double sum = 0;
        double[] g = new double[k];
        for (int j = 0; j < k; j++) {
            // relative to the nearest, so that far colours do not underflow to 0/0
            g[j] = Math.exp(-(dist[j] - dist[0]) / (2 * SOFT_SIGMA * SOFT_SIGMA));
            sum += g[j];
        }
        for (int j = 0; j < k; j++) {
            out[offset + idx[j]] = (float) (scale * g[j] / sum);
        }
        return idx[0];
    }

    /**
     * The annealed mean of the distribution {@code probs[offset .. offset+Q-1]} at temperature {@code t}, written
     * to {@code ab[0..1]}; (0, 0) if no probability is positive.
     *
     * @throws IllegalArgumentException if {@code t} is not positive
     */
    public void annealedMean(float[] probs, int offset, double t, double[] ab) {
        if (!(t > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + t);
        }
        double max = 0;
        for (int q = 0; q < a.length; q++) {
            max = Math.max(max, probs[offset + q]);
        }
        double sa = 0;
        double sb = 0;
        double s = 0;
        if (max > 0) {
            double inv = 1 / t;
            for (int q = 0; q < a.length; q++) {
                double p = probs[offset + q];
                if (p <= 0) {
                    continue;
                }
                double f = Math.exp(inv * Math.log(p / max));
                sa += f * a[q];
                sb += f * b[q];
                s += f;
            }
        }
        ab[0] = s > 0 ? sa / s : 0;
        ab[1] = s > 0 ? sb / s : 0;
    }

    /** One line of text: the grid, then {@code a:b:prior:weight} per cell. */
    public String encode() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s", grid));
        for (int q = 0; q < a.length; q++) {
            sb.append(String.format(Locale.ROOT, " %s:%s:%s:%s", a[q], b[q], prior[q], weights[q]));
        }
        return sb.toString();
    }

    /**
     * Reads {@link #encode()}'s text.
     *
     * @throws IllegalArgumentException if it is malformed
     */
    public static AbBins parse(String text) {
        String[] parts = text.trim().split(" ");
        if (parts.length < 2) {
            throw new IllegalArgumentException("a*b* bins: need a grid and at least one cell");
        }
        try {
            double grid = Double.parseDouble(parts[0]);
            checkGrid(grid);
            int q = parts.length - 1;
            double[] a = new double[q];
            double[] b = new double[q];
            double[] prior = new double[q];
            double[] w = new double[q];
            for (int k = 0; k < q; k++) {
                String[] f = parts[k + 1].split(":");
                if (f.length != 4) {
                    throw new IllegalArgumentException("a*b* bins: cell " + k + " is \"" + parts[k + 1]
                            + "\", expected a:b:prior:weight");
                }
                a[k] = Double.parseDouble(f[0]);
                b[k] = Double.parseDouble(f[1]);
                prior[k] = Double.parseDouble(f[2]);
                w[k] = Double.parseDouble(f[3]);
            }
            return new AbBins(grid, a, b, prior, w);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a*b* bins: " + e.getMessage(), e);
        }
    }

    private static void checkGrid(double grid) {
        if (!(grid >= 1 && grid <= 50)) {
            throw new IllegalArgumentException("grid must be in [1, 50] a*b* units, got " + grid);
        }
    }

    /** Cells per side covering a*, b* ∈ [−120, 120). */
    private static int cellsPerSide(double grid) {
        return (int) Math.ceil(240 / grid);
    }

    private static int cell(double v, double grid, int cells) {
        return Math.max(0, Math.min(cells - 1, (int) Math.floor((v + 120) / grid)));
    }

    private static double centre(int cell, double grid, int cells) {
        return -120 + (cell + 0.5) * grid;
    }

    @Override
    public String toString() {
        return "AbBins[" + size() + " cells of " + grid + " a*b* units]";
    }
}
