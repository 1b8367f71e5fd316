package studio.mammoth.model.bench;

import studio.mammoth.common.image.RgbImage;

/**
 * An editor's pictures seen through the tokenizer ({@link TokenizerRoundTrip}), pasted into the source inside the edit
 * region as the model's brushed edits are. Around the oracle it gives the ceiling the tokenizer sets on editing: what a
 * perfect AR (codes) or a perfect DiT (latents) would score.
 */
public final class TokenizedEditor implements Editor {
    private final Editor editor;
    private final TokenizerRoundTrip roundTrip;

    public TokenizedEditor(Editor editor, TokenizerRoundTrip roundTrip) {
        this.editor = editor;
        this.roundTrip = roundTrip;
    }

    @Override
    public String name() {
        return editor.name() + " through " + roundTrip.name();
    }

    @Override
    public RgbImage edit(EditRequest request) {
        return request.region().composite(request.source(), roundTrip.apply(editor.edit(request)));
    }
}
