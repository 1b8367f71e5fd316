package studio.mammoth.model.api;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.bench.Editor;

/**
 * The unified model as the ImgEdit-style benchmark's system under test. With {@code brush} the edit region is given as
 * the brush mask (what a user paints); without it the model decides where to edit. With {@code planOnly} the edit's plan
 * is decoded by the tokenizer instead of rendered ({@link MammothModel#editPlan}). Deterministic in the request's seed.
 */
public final class ModelEditor implements Editor {
    private final MammothModel model;
    private final boolean brush;
    private final boolean planOnly;
    private final int steps;
    private final double textGuidance;
    private final double imageGuidance;

    public ModelEditor(MammothModel model, boolean brush, boolean planOnly, int steps, double textGuidance, double imageGuidance) {
        this.model = model;
        this.brush = brush;
        this.planOnly = planOnly;
        this.steps = steps;
        this.textGuidance = textGuidance;
        this.imageGuidance = imageGuidance;
    }

    @Override
    public String name() {
        return (planOnly ? "plans of model " : "model ") + model.taskId() + (planOnly ? " decoded by its tokenizer" : "")
                + (brush ? " (brush mask)" : " (no mask)");
    }

    @Override
    public RgbImage edit(studio.mammoth.model.bench.EditRequest request) {
        EditRequest r = new EditRequest(request.source(), request.instruction(), brush ? request.region() : null, request.seed(), steps,
                textGuidance, imageGuidance);
        try {
            return (planOnly ? model.editPlan(r) : model.edit(r)).run(TaskContext.unobserved());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("edit failed for '" + request.instruction() + "': " + e.getMessage(), e);
        }
    }
}
