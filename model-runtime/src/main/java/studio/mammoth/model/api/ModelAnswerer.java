package studio.mammoth.model.api;

import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.bench.Answerer;

/** The unified model as the VQA benchmark's system under test (captions are asked for like any question). */
public final class ModelAnswerer implements Answerer {
    private final MammothModel model;

    public ModelAnswerer(MammothModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return "model " + model.taskId();
    }

    @Override
    public String answer(RgbImage image, String question) {
        try {
            return model.ask(image, question).run(TaskContext.unobserved());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("answering failed for '" + question + "': " + e.getMessage(), e);
        }
    }
}
