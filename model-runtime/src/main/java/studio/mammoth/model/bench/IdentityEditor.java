package studio.mammoth.model.bench;

import studio.mammoth.common.image.RgbImage;

/** The negative control of editing: returns the source untouched (perfect preservation, no compliance). */
public final class IdentityEditor implements Editor {
    @Override
    public String name() {
        return "identity";
    }

    @Override
    public RgbImage edit(EditRequest request) {
        return request.source().copy();
    }
}
