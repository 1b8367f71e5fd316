package studio.mammoth.model.train;

import java.util.Random;

/**
 * Token-noise regularisation of teacher forcing (paper, Fig. 5): the AR reads corrupted image codes but must
 * still predict the clean ones, so at inference one wrong code does not derail the rest of the plan.
 * Region noise replaces the codes of a random rectangle by random codes; similarity noise replaces single
 * codes by one of their nearest codebook neighbours, which keeps the global structure. Rates are ours
 * (the paper's are unknown).
 */
public record TokenNoise(Mode mode, double regionProbability, int regionMaxSide, double similarityRate, int[][] neighbours) {
    public enum Mode { NONE, REGION, SIMILARITY, BOTH }

    public static TokenNoise none() {
        return new TokenNoise(Mode.NONE, 0, 0, 0, new int[0][]);
    }

    public static TokenNoise of(Mode mode, float[] unitCodebook, int dim) {
        return new TokenNoise(mode, 0.3, 3, 0.1, nearestNeighbours(unitCodebook, dim, 4));
    }

    /** Clean codes (G*G, row-major) -> corrupted copy; the input is not changed. */
    public int[] apply(int[] codes, int grid, Random random) {
        int[] out = codes.clone();
        if ((mode == Mode.REGION || mode == Mode.BOTH) && random.nextDouble() < regionProbability) {
            int w = 1 + random.nextInt(regionMaxSide);
            int h = 1 + random.nextInt(regionMaxSide);
            int x0 = random.nextInt(grid - w + 1);
            int y0 = random.nextInt(grid - h + 1);
            for (int y = y0; y < y0 + h; y++) {
                for (int x = x0; x < x0 + w; x++) {
                    out[y * grid + x] = random.nextInt(neighbours.length);
                }
            }
        }
        if (mode == Mode.SIMILARITY || mode == Mode.BOTH) {
            for (int i = 0; i < out.length; i++) {
                if (random.nextDouble() < similarityRate) {
                    int[] near = neighbours[out[i]];
                    out[i] = near[random.nextInt(near.length)];
                }
            }
        }
        return out;
    }

    /** For each code, the k most cosine-similar other codes; codebook rows are unit vectors, (K * dim) flat. */
    static int[][] nearestNeighbours(float[] book, int dim, int k) {
        int n = book.length / dim;
        int[][] out = new int[n][k];
        for (int i = 0; i < n; i++) {
            double[] best = new double[k];
            java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    s += book[i * dim + d] * book[j * dim + d];
                }
                for (int slot = 0; slot < k; slot++) {
                    if (s > best[slot]) {
                        for (int m = k - 1; m > slot; m--) {
                            best[m] = best[m - 1];
                            out[i][m] = out[i][m - 1];
                        }
                        best[slot] = s;
                        out[i][slot] = j;
                        break;
                    }
                }
            }
        }
        return out;
    }
}
