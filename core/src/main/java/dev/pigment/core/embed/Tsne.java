package dev.pigment.core.embed;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * t-distributed stochastic neighbour embedding into two dimensions with the Barnes–Hut approximation: L. van der
 * Maaten, "Accelerating t-SNE using Tree-Based Algorithms", JMLR 15 (2014), after L. van der Maaten and G. Hinton,
 * "Visualizing Data using t-SNE", JMLR 9 (2008). The input similarities use each point's 3 × perplexity nearest
 * neighbours (found exactly); the repulsive forces come from a quadtree over the map, with accuracy
 * {@link Options#theta()}. The optimiser is the papers': gradient descent with momentum 0.5 then 0.8, per-coordinate
 * gains, and early exaggeration 12 for the first 250 iterations; the learning rate is n / 12 (at least 50), as
 * Belkina et al. (2019) advise. Deterministic for a given seed.
 */
public final class Tsne {
    /** Iterations with early exaggeration and the lower momentum. */
    static final int EARLY = 250;
    static final double EXAGGERATION = 12;

    /**
     * The settings of a run.
     *
     * @param perplexity the effective number of neighbours each point's similarities spread over, in [2, 100]
     * @param iterations gradient steps, at least {@value #EARLY} + 1
     * @param theta the Barnes–Hut accuracy: 0 is exact (slow), 0.5 the usual trade-off; in [0, 1]
     * @param seed the seed of the random start
     */
    public record Options(double perplexity, int iterations, double theta, long seed) {
        /**
         * Validates the settings.
         *
         * @throws IllegalArgumentException if one is out of its range
         */
        public Options {
            if (!(perplexity >= 2 && perplexity <= 100)) {
                throw new IllegalArgumentException("perplexity must be in [2, 100], got " + perplexity);
            }
            if (iterations <= EARLY) {
                throw new IllegalArgumentException("iterations must be above " + EARLY + ", got " + iterations);
            }
            if (!(theta >= 0 && theta <= 1)) {
                throw new IllegalArgumentException("theta must be in [0, 1], got " + theta);
            }
        }

        /** Perplexity 30, 1,000 iterations, theta 0.5. */
        public static Options defaults(long seed) {
            return new Options(30, 1000, 0.5, seed);
        }

        /** These options with {@code value} as the perplexity. */
        public Options withPerplexity(double value) {
            return new Options(value, iterations, theta, seed);
        }
    }

    private Tsne() {
    }

    /**
     * Maps {@code points} (n rows of the same length) to n points in the plane.
     *
     * @throws IllegalArgumentException if there are fewer than 3 × perplexity + 1 points, the rows differ in length,
     *     or a value is not finite
     */
    public static double[][] embed(double[][] points, Options o) {
        int n = points.length;
        int k = (int) Math.min(n - 1, Math.round(3 * o.perplexity()));
        if (n < 3 * o.perplexity() + 1) {
            throw new IllegalArgumentException("t-SNE with perplexity " + o.perplexity() + " needs at least "
                    + (int) Math.ceil(3 * o.perplexity() + 1) + " points, got " + n);
        }
        int dim = points[0].length;
        for (int i = 0; i < n; i++) {
            if (points[i].length != dim) {
                throw new IllegalArgumentException("point " + i + " has " + points[i].length + " values, point 0 "
                        + dim);
            }
            for (double v : points[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("point " + i + " has a value that is not finite");
                }
            }
        }
        Sparse p = similarities(points, k, o.perplexity());
        double[] y = new double[2 * n];
        SplittableRandom random = new SplittableRandom(o.seed());
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextGaussian() * 1e-4;
        }
        double[] update = new double[2 * n];
        double[] gains = new double[2 * n];
        Arrays.fill(gains, 1);
        double[] gradient = new double[2 * n];
        double rate = Math.max(n / EXAGGERATION, 50);
        for (int it = 0; it < o.iterations(); it++) {
            boolean early = it < EARLY;
            gradient(p, y, n, early ? EXAGGERATION : 1, o.theta(), gradient);
            double momentum = early ? 0.5 : 0.8;
            for (int i = 0; i < y.length; i++) {
                boolean sameSign = (gradient[i] > 0) == (update[i] > 0);
                gains[i] = Math.max(0.01, sameSign ? gains[i] * 0.8 : gains[i] + 0.2);
                update[i] = momentum * update[i] - rate * gains[i] * gradient[i];
                y[i] += update[i];
            }
            centre(y, n);
        }
        double[][] map = new double[n][];
        for (int i = 0; i < n; i++) {
            map[i] = new double[] {y[2 * i], y[2 * i + 1]};
        }
        return map;
    }

    /**
     * How well a map keeps classes together: the share of points whose {@code k} nearest other points (by Euclidean
     * distance) hold a majority of their own label, ties counted as misses. 1 for perfectly separated classes; about
     * the largest class's share for a random map.
     *
     * @throws IllegalArgumentException if the counts differ or {@code k} is not in 1..n-1
     */
    public static double neighbourAccuracy(double[][] points, int[] labels, int k) {
        int n = points.length;
        if (labels.length != n) {
            throw new IllegalArgumentException(n + " points but " + labels.length + " labels");
        }
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("k must be in 1.." + (n - 1) + ", got " + k);
        }
        int right = 0;
        for (int i = 0; i < n; i++) {
            int[] nearest = nearest(points, i, k, new double[k]);
            Map<Integer, Integer> votes = new HashMap<>();
            for (int j : nearest) {
                votes.merge(labels[j], 1, Integer::sum);
            }
            int mine = labels[i];
            int own = votes.getOrDefault(mine, 0);
            boolean best = votes.entrySet().stream().noneMatch(e -> e.getKey() != mine && e.getValue() >= own);
            right += best ? 1 : 0;
        }
        return right / (double) n;
    }

    /** The input similarities p_ij, symmetric, summing to 1, over each point's k nearest neighbours. */
    private static Sparse similarities(double[][] x, int k, double perplexity) {
        int n = x.length;
        double target = Math.log(perplexity);
        Map<Long, Double> sym = new HashMap<>();
        double[] d = new double[k];
        for (int i = 0; i < n; i++) {
            int[] nb = nearest(x, i, k, d);
            double[] cond = conditional(d, target);
            for (int a = 0; a < k; a++) {
                int j = nb[a];
                long key = i < j ? (long) i * n + j : (long) j * n + i;
                sym.merge(key, cond[a], Double::sum);
            }
        }
        // p_ij = (p_j|i + p_i|j) / 2n, stored once per direction for the gradient
        int[] count = new int[n];
        sym.keySet().forEach(key -> {
            count[(int) (key / n)]++;
            count[(int) (key % n)]++;
        });
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + count[i];
        }
        int[] col = new int[start[n]];
        double[] val = new double[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        sym.forEach((key, v) -> {
            int i = (int) (key / n);
            int j = (int) (key % n);
            double pij = v / (2.0 * n);
            col[fill[i]] = j;
            val[fill[i]++] = pij;
            col[fill[j]] = i;
            val[fill[j]++] = pij;
        });
        return new Sparse(start, col, val);
    }

    /** Row-compressed sparse matrix. */
    private record Sparse(int[] start, int[] col, double[] val) {
    }

    /** p_j|i over one point's neighbours at squared distances {@code d}, its entropy matched to {@code target}. */
    private static double[] conditional(double[] d, double target) {
        double beta = 1;
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double min = Arrays.stream(d).min().orElse(0);
        double[] p = new double[d.length];
        for (int step = 0; step < 200; step++) {
            double sum = 0;
            double weighted = 0;
            for (int a = 0; a < d.length; a++) {
                p[a] = Math.exp(-beta * (d[a] - min));
                sum += p[a];
                weighted += p[a] * (d[a] - min);
            }
            double entropy = Math.log(sum) + beta * weighted / sum;
            for (int a = 0; a < d.length; a++) {
                p[a] /= sum;
            }
            double gap = entropy - target;
            if (Math.abs(gap) < 1e-5) {
                break;
            }
            if (gap > 0) {
                lo = beta;
                beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = (beta + lo) / 2;
            }
        }
        return p;
    }

    /** The k nearest other points of point i, nearest first; their squared distances go into {@code d}. */
    private static int[] nearest(double[][] x, int i, int k, double[] d) {
        int[] idx = new int[k];
        Arrays.fill(d, Double.POSITIVE_INFINITY);
        Arrays.fill(idx, -1);
        double[] xi = x[i];
        for (int j = 0; j < x.length; j++) {
            if (j == i) {
                continue;
            }
            double s = 0;
            double[] xj = x[j];
            for (int c = 0; c < xi.length && s < d[k - 1]; c++) {
                double t = xi[c] - xj[c];
                s += t * t;
            }
            if (s < d[k - 1]) {
                int pos = k - 1;
                while (pos > 0 && d[pos - 1] > s) {
                    d[pos] = d[pos - 1];
                    idx[pos] = idx[pos - 1];
                    pos--;
                }
                d[pos] = s;
                idx[pos] = j;
            }
        }
        return idx;
    }

    /** The gradient of the KL divergence at map {@code y}: attraction from p exactly, repulsion from a quadtree. */
    private static void gradient(Sparse p, double[] y, int n, double exaggeration, double theta, double[] out) {
        QuadTree tree = QuadTree.of(y, n);
        double[] rep = new double[2];
        double z = 0;
        double[] repulsion = new double[2 * n];
        for (int i = 0; i < n; i++) {
            rep[0] = 0;
            rep[1] = 0;
            z += tree.repulsion(y[2 * i], y[2 * i + 1], theta, rep);
            repulsion[2 * i] = rep[0];
            repulsion[2 * i + 1] = rep[1];
        }
        for (int i = 0; i < n; i++) {
            double ax = 0;
            double ay = 0;
            for (int e = p.start()[i]; e < p.start()[i + 1]; e++) {
                int j = p.col()[e];
                double dx = y[2 * i] - y[2 * j];
                double dy = y[2 * i + 1] - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                ax += p.val()[e] * q * dx;
                ay += p.val()[e] * q * dy;
            }
            out[2 * i] = 4 * (exaggeration * ax - repulsion[2 * i] / z);
            out[2 * i + 1] = 4 * (exaggeration * ay - repulsion[2 * i + 1] / z);
        }
    }

    private static void centre(double[] y, int n) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += y[2 * i];
            my += y[2 * i + 1];
        }
        mx /= n;
        my /= n;
        for (int i = 0; i < n; i++) {
            y[2 * i] -= mx;
            y[2 * i + 1] -= my;
        }
    }

    /** A point-region quadtree over the map, each cell with its points' count and centre of mass. */
    static final class QuadTree {
        private final double cx;
        private final double cy;
        private final double half;
        private int count;
        private double mx;
        private double my;
        /** The point of a leaf holding one; a leaf holding several equal points keeps them all here as a count. */
        private double px;
        private double py;
        private QuadTree[] children;

        private QuadTree(double cx, double cy, double half) {
            this.cx = cx;
            this.cy = cy;
            this.half = half;
        }

        static QuadTree of(double[] y, int n) {
            double minX = Double.POSITIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                minX = Math.min(minX, y[2 * i]);
                maxX = Math.max(maxX, y[2 * i]);
                minY = Math.min(minY, y[2 * i + 1]);
                maxY = Math.max(maxY, y[2 * i + 1]);
            }
            double half = Math.max(maxX - minX, maxY - minY) / 2 + 1e-5;
            QuadTree root = new QuadTree((minX + maxX) / 2, (minY + maxY) / 2, half);
            for (int i = 0; i < n; i++) {
                root.insert(y[2 * i], y[2 * i + 1], 0);
            }
            return root;
        }

        private void insert(double x, double y, int depth) {
            mx = (mx * count + x) / (count + 1);
            my = (my * count + y) / (count + 1);
            count++;
            if (count == 1) {
                px = x;
                py = y;
                return;
            }
            if (children == null) {
                if (depth > 50 || (px == x && py == y)) {
                    return;   // the same point again: the leaf counts it
                }
                children = new QuadTree[4];
                int moved = count - 1;
                // the leaf's earlier points (all at px, py) go down together
                QuadTree child = child(px, py);
                for (int m = 0; m < moved; m++) {
                    child.insert(px, py, depth + 1);
                }
            }
            child(x, y).insert(x, y, depth + 1);
        }

        private QuadTree child(double x, double y) {
            int q = (x >= cx ? 1 : 0) + (y >= cy ? 2 : 0);
            if (children[q] == null) {
                double h = half / 2;
                children[q] = new QuadTree(cx + (x >= cx ? h : -h), cy + (y >= cy ? h : -h), h);
            }
            return children[q];
        }

        /**
         * Adds to {@code force} the unnormalised repulsion on a point at (x, y), sum of q^2 (y_i - y_j), and returns
         * its share of the normaliser, sum of q over the other points.
         */
        double repulsion(double x, double y, double theta, double[] force) {
            if (count == 0) {
                return 0;
            }
            double dx = x - mx;
            double dy = y - my;
            double d2 = dx * dx + dy * dy;
            boolean leaf = children == null;
            if (leaf || 2 * half < theta * Math.sqrt(d2)) {
                int others = leaf && px == x && py == y ? count - 1 : count;
                if (others == 0 || (leaf && d2 == 0 && others == count)) {
                    return 0;
                }
                double q = 1 / (1 + d2);
                force[0] += others * q * q * dx;
                force[1] += others * q * q * dy;
                return others * q;
            }
            double z = 0;
            for (QuadTree c : children) {
                if (c != null) {
                    z += c.repulsion(x, y, theta, force);
                }
            }
            return z;
        }
    }
}
