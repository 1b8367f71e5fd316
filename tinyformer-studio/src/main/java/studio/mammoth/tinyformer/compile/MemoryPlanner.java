package studio.mammoth.tinyformer.compile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import studio.mammoth.tinyformer.ir.QLayer;
import studio.mammoth.tinyformer.ir.QuantizedModel;

/**
 * Activation memory planner: greedy by size (TFLite Micro's "greedy by size" arena planner). Each tensor is live from
 * the layer that produces it (-1 for the input) to the last layer that reads it (the end for the output); tensors are
 * placed largest first at the lowest 4-aligned offset that does not overlap any already placed tensor whose live
 * range intersects. A layer's output is therefore never aliased with its inputs.
 */
public final class MemoryPlanner {

    /** Inclusive live range of a tensor, in layer indices. */
    public record Lifetime(int first, int last) {
        public boolean overlaps(Lifetime o) {
            return first <= o.last && o.first <= last;
        }
    }

    private MemoryPlanner() {
    }

    public static MemoryPlan plan(QuantizedModel model) {
        Lifetime[] life = lifetimes(model);
        int n = model.tensors().size();
        int[] sizes = new int[n];
        for (int t = 0; t < n; t++) {
            sizes[t] = model.shape(t).size();
        }
        return plan(sizes, life);
    }

    /** Live ranges of every tensor of the model (input from -1, output to the number of layers). */
    public static Lifetime[] lifetimes(QuantizedModel model) {
        int n = model.tensors().size();
        int[] first = new int[n];
        int[] last = new int[n];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        java.util.Arrays.fill(last, Integer.MIN_VALUE);
        first[model.input()] = -1;
        last[model.input()] = -1;
        List<QLayer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            QLayer l = layers.get(i);
            for (int in : l.inputs()) {
                last[in] = Math.max(last[in], i);
            }
            first[l.output()] = Math.min(first[l.output()], i);
            last[l.output()] = Math.max(last[l.output()], i);
        }
        last[model.output()] = layers.size();
        Lifetime[] life = new Lifetime[n];
        for (int t = 0; t < n; t++) {
            life[t] = first[t] == Integer.MAX_VALUE ? new Lifetime(-1, -1) : new Lifetime(first[t], last[t]);
        }
        return life;
    }

    static MemoryPlan plan(int[] sizes, Lifetime[] life) {
        int n = sizes.length;
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            order.add(t);
        }
        order.sort(Comparator.<Integer>comparingInt(t -> -sizes[t]).thenComparingInt(t -> t));
        int[] offsets = new int[n];
        List<Integer> placed = new ArrayList<>();
        int arena = 4;
        for (int t : order) {
            List<int[]> busy = new ArrayList<>(); // [start, end) of conflicting placed tensors
            for (int p : placed) {
                if (life[p].overlaps(life[t])) {
                    busy.add(new int[] {offsets[p], offsets[p] + sizes[p]});
                }
            }
            busy.sort(Comparator.comparingInt(r -> r[0]));
            int candidate = 0;
            for (int[] r : busy) {
                if (candidate + sizes[t] <= r[0]) {
                    break;
                }
                candidate = Math.max(candidate, BlockRunLength.align4(r[1]));
            }
            offsets[t] = candidate;
            placed.add(t);
            arena = Math.max(arena, BlockRunLength.align4(candidate + sizes[t]));
        }
        return new MemoryPlan(offsets, arena);
    }
}
