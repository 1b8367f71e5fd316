package studio.mammoth.model.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.ar.SamplingSettings;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.world.GenEvalPrompt;

class PlanRendererTest {
    @Test
    void judgesThePlanTheFullModelRendersForTheSameSeed() throws Exception {
        MammothTok.Config tok = MammothTok.Config.tiny();
        NDManager m = ModelFixture.manager();
        try (MammothModel model = new MammothModel(m, new MammothTok(tok, new Parameters(m, 1)), new Generator(ModelFixture.tinyGenerator(tok), m, 4),
                "tiny")) {
            SamplingSettings sampling = new SamplingSettings(2.0, 1.0, 0);
            GenEvalPrompt prompt = GenEvalPrompt.singleObject(8); // "a photo of a bag"
            AtomicReference<RgbImage> fullPlan = new AtomicReference<>();
            model.generate(new GenerateRequest(prompt.prompt(), 11, 2, 2.0, 1, sampling)).run(new TaskContext(new CancelToken(), p -> {
                if (p.message().equals("planning 64/64")) {
                    fullPlan.set(p.preview());
                }
            }));
            assertNotNull(fullPlan.get(), "the generation previews its complete plan");
            assertArrayEquals(fullPlan.get().pixels(), new PlanRenderer(model, sampling).render(prompt, 11).pixels());
        }
    }
}
