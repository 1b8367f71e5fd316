package studio.mammoth.model.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import studio.mammoth.common.image.RgbImage;
import studio.mammoth.model.ModelFixture;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.world.Box;
import studio.mammoth.model.world.PixelMask;

class TokenizedEditorTest {
    private static RgbImage filled(int rgb) {
        RgbImage image = new RgbImage(64, 64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.set(x, y, rgb);
            }
        }
        return image;
    }

    @Test
    void theRoundTripShowsInsideTheRegionAndTheSourceEverywhereElse() {
        try (NDManager m = ModelFixture.manager()) {
            MammothTok tok = new MammothTok(MammothTok.Config.tiny(), new Parameters(m, 1));
            TokenizerRoundTrip roundTrip = TokenizerRoundTrip.throughLatents(tok);
            RgbImage source = filled(0x2040a0);
            RgbImage target = filled(0xc03020);
            Editor truth = new Editor() {
                @Override
                public String name() {
                    return "truth";
                }

                @Override
                public RgbImage edit(EditRequest request) {
                    return target;
                }
            };
            PixelMask region = PixelMask.ofBoxes(64, 0, new Box(8, 8, 24, 40));
            TokenizedEditor editor = new TokenizedEditor(truth, roundTrip);
            RgbImage edited = editor.edit(new EditRequest(source, "make it red", region, 0));
            RgbImage decoded = roundTrip.apply(target);

            assertEquals("truth through the tokenizer's continuous latents", editor.name());
            int inside = 0;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    assertEquals(region.contains(x, y) ? decoded.get(x, y) : source.get(x, y), edited.get(x, y), "pixel " + x + "," + y);
                    inside += region.contains(x, y) ? 1 : 0;
                }
            }
            assertTrue(inside > 0);
        }
    }
}
