package studio.mammoth.tinyformer.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The architecture genes of one single-path network inside a {@link SearchSpace}: per conv stage a depth and
 * per block a kernel and an expansion; for the transformer an embedding width, a depth, and per block heads and MLP ratio.
 * Genes of blocks beyond a stage's depth are kept (so mutation can re-activate them) but do not count.
 *
 * @param stageDepths  active blocks per conv stage
 * @param kernels      [stage][block] depthwise kernel size, from {@link SearchSpace#KERNELS}
 * @param expansions   [stage][block] expansion ratio, from {@link SearchSpace#EXPANSIONS}
 * @param embedChoice  index into the space's embedding widths
 * @param transformerDepth active transformer blocks
 * @param heads        [block] attention heads
 * @param mlpRatios    [block] MLP hidden width / embedding width
 */
public record ArchConfig(int[] stageDepths, int[][] kernels, int[][] expansions, int embedChoice, int transformerDepth,
                         int[] heads, int[] mlpRatios) {

    /** Uniformly random genes (OFA's sample_active_subnet). */
    public static ArchConfig sample(SearchSpace space, Random rnd) {
        int stages = space.convStages().size();
        int[] depths = new int[stages];
        int[][] kernels = new int[stages][];
        int[][] expansions = new int[stages][];
        for (int s = 0; s < stages; s++) {
            SearchSpace.ConvStageSpec spec = space.convStages().get(s);
            depths[s] = spec.minDepth() + rnd.nextInt(spec.maxDepth() - spec.minDepth() + 1);
            kernels[s] = new int[spec.maxDepth()];
            expansions[s] = new int[spec.maxDepth()];
            for (int b = 0; b < spec.maxDepth(); b++) {
                kernels[s][b] = pick(SearchSpace.KERNELS, rnd);
                expansions[s][b] = pick(SearchSpace.EXPANSIONS, rnd);
            }
        }
        SearchSpace.TransformerSpec t = space.transformer();
        int[] heads = new int[t.maxDepth()];
        int[] mlp = new int[t.maxDepth()];
        for (int b = 0; b < t.maxDepth(); b++) {
            heads[b] = pick(t.heads(), rnd);
            mlp[b] = pick(t.mlpRatios(), rnd);
        }
        return new ArchConfig(depths, kernels, expansions, rnd.nextInt(t.embedBases().length),
                t.minDepth() + rnd.nextInt(t.maxDepth() - t.minDepth() + 1), heads, mlp);
    }

    /** Every gene at its largest value: the supernet itself. */
    public static ArchConfig largest(SearchSpace space) {
        return extreme(space, true);
    }

    /** Every gene at its smallest value (the other end of the sandwich rule). */
    public static ArchConfig smallest(SearchSpace space) {
        return extreme(space, false);
    }

    private static ArchConfig extreme(SearchSpace space, boolean max) {
        int stages = space.convStages().size();
        int[] depths = new int[stages];
        int[][] kernels = new int[stages][];
        int[][] expansions = new int[stages][];
        for (int s = 0; s < stages; s++) {
            SearchSpace.ConvStageSpec spec = space.convStages().get(s);
            depths[s] = max ? spec.maxDepth() : spec.minDepth();
            kernels[s] = new int[spec.maxDepth()];
            expansions[s] = new int[spec.maxDepth()];
            Arrays.fill(kernels[s], extremeOf(SearchSpace.KERNELS, max));
            Arrays.fill(expansions[s], extremeOf(SearchSpace.EXPANSIONS, max));
        }
        SearchSpace.TransformerSpec t = space.transformer();
        int[] heads = new int[t.maxDepth()];
        int[] mlp = new int[t.maxDepth()];
        Arrays.fill(heads, extremeOf(t.heads(), max));
        Arrays.fill(mlp, extremeOf(t.mlpRatios(), max));
        int embed = 0;
        for (int i = 1; i < t.embedBases().length; i++) {
            if ((t.embedBases()[i] > t.embedBases()[embed]) == max) {
                embed = i;
            }
        }
        return new ArchConfig(depths, kernels, expansions, embed, max ? t.maxDepth() : t.minDepth(), heads, mlp);
    }

    /** Checks every gene against the space; the message says which gene is out of range. */
    public void validate(SearchSpace space) {
        if (stageDepths.length != space.convStages().size()) {
            throw new IllegalArgumentException("architecture has " + stageDepths.length + " conv stages, space has " + space.convStages().size());
        }
        for (int s = 0; s < stageDepths.length; s++) {
            SearchSpace.ConvStageSpec spec = space.convStages().get(s);
            if (stageDepths[s] < spec.minDepth() || stageDepths[s] > spec.maxDepth()) {
                throw new IllegalArgumentException("stage " + s + " depth " + stageDepths[s] + " outside [" + spec.minDepth() + ", " + spec.maxDepth() + "]");
            }
            for (int b = 0; b < stageDepths[s]; b++) {
                requireIn("stage " + s + " block " + b + " kernel", kernels[s][b], SearchSpace.KERNELS);
                requireIn("stage " + s + " block " + b + " expansion", expansions[s][b], SearchSpace.EXPANSIONS);
            }
        }
        SearchSpace.TransformerSpec t = space.transformer();
        if (embedChoice < 0 || embedChoice >= t.embedBases().length) {
            throw new IllegalArgumentException("embedding choice " + embedChoice + " outside the space's " + t.embedBases().length + " widths");
        }
        if (transformerDepth < t.minDepth() || transformerDepth > t.maxDepth()) {
            throw new IllegalArgumentException("transformer depth " + transformerDepth + " outside [" + t.minDepth() + ", " + t.maxDepth() + "]");
        }
        for (int b = 0; b < transformerDepth; b++) {
            requireIn("transformer block " + b + " heads", heads[b], t.heads());
            requireIn("transformer block " + b + " MLP ratio", mlpRatios[b], t.mlpRatios());
            if (space.embedWidth(embedChoice) % heads[b] != 0) {
                throw new IllegalArgumentException("embedding width " + space.embedWidth(embedChoice) + " is not divisible by " + heads[b] + " heads");
            }
        }
    }

    private static void requireIn(String what, int value, int[] allowed) {
        for (int a : allowed) {
            if (a == value) {
                return;
            }
        }
        throw new IllegalArgumentException(what + " = " + value + " is not one of " + Arrays.toString(allowed));
    }

    /** The active layers, in execution order: what the cost model and the pruner walk. */
    public List<LayerShape> layers(SearchSpace space) {
        List<LayerShape> out = new ArrayList<>();
        int side = space.resolution();
        int c = space.stemChannels();
        out.add(LayerShape.conv("stem", 1, c, 3, 1, side, side, 1));
        for (int s = 0; s < stageDepths.length; s++) {
            int cout = space.stageChannels(s);
            for (int b = 0; b < stageDepths[s]; b++) {
                int stride = b == 0 ? space.convStages().get(s).stride() : 1;
                int hidden = c * expansions[s][b];
                String p = "s" + s + ".b" + b;
                int outSide = (side + stride - 1) / stride;
                out.add(LayerShape.conv(p + ".expand", c, hidden, 1, 1, side, side, 1));
                out.add(LayerShape.conv(p + ".dw", hidden, hidden, kernels[s][b], stride, side, outSide, hidden));
                out.add(LayerShape.conv(p + ".project", hidden, cout, 1, 1, outSide, outSide, 1));
                side = outSide;
                c = cout;
            }
        }
        int tokens = side * side;
        int e = space.embedWidth(embedChoice);
        out.add(LayerShape.linear("tok", c, e, tokens));
        for (int b = 0; b < transformerDepth; b++) {
            String p = "t" + b;
            out.add(LayerShape.linear(p + ".q", e, e, tokens));
            out.add(LayerShape.linear(p + ".k", e, e, tokens));
            out.add(LayerShape.linear(p + ".v", e, e, tokens));
            out.add(LayerShape.attention(p + ".attn", e, heads[b], tokens));
            out.add(LayerShape.linear(p + ".o", e, e, tokens));
            out.add(LayerShape.linear(p + ".fc1", e, e * mlpRatios[b], tokens));
            out.add(LayerShape.linear(p + ".fc2", e * mlpRatios[b], e, tokens));
        }
        out.add(LayerShape.linear("head.fc", e, SearchSpace.CLASSES, 1));
        return out;
    }

    /** Multiply-accumulates of one inference. */
    public long macs(SearchSpace space) {
        return layers(space).stream().mapToLong(LayerShape::macs).sum();
    }

    public String describe(SearchSpace space) {
        StringBuilder sb = new StringBuilder(space.label()).append(" conv[");
        for (int s = 0; s < stageDepths.length; s++) {
            sb.append(s == 0 ? "" : " | ");
            for (int b = 0; b < stageDepths[s]; b++) {
                sb.append(b == 0 ? "" : ",").append('k').append(kernels[s][b]).append('e').append(expansions[s][b]);
            }
        }
        sb.append("] tf[E").append(space.embedWidth(embedChoice));
        for (int b = 0; b < transformerDepth; b++) {
            sb.append(b == 0 ? " " : ",").append('h').append(heads[b]).append('m').append(mlpRatios[b]);
        }
        return sb.append(']').toString();
    }

    public ArchConfig copy() {
        int[][] k = new int[kernels.length][];
        int[][] e = new int[expansions.length][];
        for (int s = 0; s < kernels.length; s++) {
            k[s] = kernels[s].clone();
            e[s] = expansions[s].clone();
        }
        return new ArchConfig(stageDepths.clone(), k, e, embedChoice, transformerDepth, heads.clone(), mlpRatios.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArchConfig a && Arrays.equals(stageDepths, a.stageDepths) && Arrays.deepEquals(kernels, a.kernels)
                && Arrays.deepEquals(expansions, a.expansions) && embedChoice == a.embedChoice && transformerDepth == a.transformerDepth
                && Arrays.equals(heads, a.heads) && Arrays.equals(mlpRatios, a.mlpRatios);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(stageDepths) * 31 + Arrays.deepHashCode(kernels) * 17 + Arrays.deepHashCode(expansions)
                + embedChoice * 7 + transformerDepth * 3 + Arrays.hashCode(heads) + Arrays.hashCode(mlpRatios) * 5;
    }

    @Override
    public String toString() {
        return "ArchConfig[depths=" + Arrays.toString(stageDepths) + ", kernels=" + Arrays.deepToString(kernels)
                + ", expansions=" + Arrays.deepToString(expansions) + ", embed=" + embedChoice + ", tdepth=" + transformerDepth
                + ", heads=" + Arrays.toString(heads) + ", mlp=" + Arrays.toString(mlpRatios) + "]";
    }

    private static int pick(int[] values, Random rnd) {
        return values[rnd.nextInt(values.length)];
    }

    private static int extremeOf(int[] values, boolean max) {
        return max ? Arrays.stream(values).max().orElseThrow() : Arrays.stream(values).min().orElseThrow();
    }
}
