package studio.mammoth.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;

/** A lookup table: integer ids (...) -> vectors (..., dim). */
public final class Embedding {
    private final NDArray table; // (count, dim)

    public Embedding(Parameters p, String name, int count, int dim) {
        this.table = p.normal(name + ".table", 0.02, count, dim);
    }

    public NDArray forward(NDArray ids) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    public NDArray table() {
        return table;
    }
}
