package studio.mammoth.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.CancelledException;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.world.TestWorlds;
import studio.mammoth.model.world.Vocabulary;

class RenderFidelityBenchTest {
    private static MammothModel tinyModel(NDManager m, Generator.Variant variant) {
        MammothTok.Config tok = MammothTok.Config.tiny();
        Generator.Config config = Generator.Config.of(ArConfig.tiny(), AlignConfig.tiny(), DitConfig.tiny(), 24, tok, Vocabulary.words())
                .with(variant, false, false);
        return new MammothModel(m, new MammothTok(tok, new Parameters(m, 1)), new Generator(config, m, 2), "tiny");
    }

    @Test
    void rendersWorldPicturesFromTheirTruePlansAndReportsBothPasses() throws Exception {
        try (MammothModel model = tinyModel(ModelFixture.manager(), Generator.Variant.SERIAL)) {
            List<String> stages = new ArrayList<>();
            RenderFidelityBench.Result r = new RenderFidelityBench(model, TestWorlds.world(), new RenderFidelityBench.Settings(2, 5, 1, 2.0))
                    .run(new TaskContext(new CancelToken(), p -> stages.add(p.stage())));
            assertEquals(2, r.pictures());
            for (double psnr : new double[] {r.renderPsnr(), r.tokenizerPsnr(), r.controlPsnr()}) {
                assertTrue(Double.isFinite(psnr) && psnr > 0, r.line());
            }
            assertEquals(List.of("planning", "planning", "rendering", "rendering"), stages);
            assertTrue(r.line().startsWith("render pictures=2 render_psnr="), r.line());
        }
    }

    @Test
    void cancellingStopsTheRunAndTheDitOnlyVariantIsRefused() {
        try (MammothModel model = tinyModel(ModelFixture.manager(), Generator.Variant.SERIAL)) {
            CancelToken cancel = new CancelToken();
            cancel.cancel();
            assertThrows(CancelledException.class, () -> new RenderFidelityBench(model, TestWorlds.world(),
                    new RenderFidelityBench.Settings(2, 5, 1, 2.0)).run(new TaskContext(cancel, p -> { })));
        }
        try (MammothModel ditOnly = tinyModel(ModelFixture.manager(), Generator.Variant.DIT_ONLY)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RenderFidelityBench(ditOnly, TestWorlds.world(),
                    new RenderFidelityBench.Settings(2, 5, 1, 2.0)));
            assertTrue(e.getMessage().contains("DiT-only"), e.getMessage());
        }
    }
}
