package studio.mammoth.model.bench;

import java.util.IdentityHashMap;
import java.util.Map;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.world.EditPair;
import studio.mammoth.model.world.WardrobeWorld;

/** The ground truth: the render of each request's target scene (it knows the pairs the requests were made from). */
public final class OracleEditor implements Editor {
    private final WardrobeWorld world;
    private final Map<EditRequest, EditPair> truth = new IdentityHashMap<>();

    public OracleEditor(WardrobeWorld world) {
        this.world = world;
    }

    /** Tells the oracle the pair behind a request the benchmark is about to make. */
    void know(EditRequest request, EditPair pair) {
        truth.put(request, pair);
    }

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public RgbImage edit(EditRequest request) {
        EditPair pair = truth.get(request);
        if (pair == null) {
            throw new IllegalArgumentException("the oracle only edits requests of its own benchmark");
        }
        return world.render(pair.target());
    }
}
