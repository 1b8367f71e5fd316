package studio.mammoth.model.api;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.align.AlignmentModule;
import studio.mammoth.model.align.Condition;
import studio.mammoth.model.ar.ArBackbone;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.ar.PlanLayout;
import studio.mammoth.model.ar.VisionEncoder;
import studio.mammoth.model.dit.DiffusionTransformer;
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.dit.FlowMatching;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.tok.TextTokenizer;

/**
 * The serial AR -> DiT generator: text tokenizer, AR backbone with generation experts, alignment module and
 * DiT, all weights in one {@link Parameters} (names prefixed ar. / align. / dit.). The visual tokenizer is
 * separate and frozen; this class only needs its sizes.
 */
public final class Generator implements AutoCloseable {
    /**
     * How the DiT is conditioned. SERIAL is the paper's design: the AR plans the image as codes and the DiT reads the
     * prompt states and the plan (Q-Former queries). DIT_ONLY is the ablation of the paper's central claim: the same AR
     * only encodes the prompt text (a text encoder of the same size) and the DiT reads those states alone, no plan.
     */
    public enum Variant { SERIAL, DIT_ONLY }

    /**
     * Every size of the generator; saved as the checkpoint header, so a file rebuilds its own model.
     * Headers written before a field existed read it as null/false: variant null means SERIAL, editing and
     * understanding false mean a text-to-image-only checkpoint.
     *
     * @param editing       trained for instruction edits: the DiT has reference-latent and mask inputs
     * @param understanding trained to answer questions and write captions with the AR's text head
     * @param planCodes     per tokenizer code the code the AR plans with ({@link ArConfig#mergeCodes()}), computed from the
     *                      tokenizer when training starts; null = the raw codes
     * @param vision        the AR also reads the pixels of the pictures it is given (edit sources, pictures asked about) through
     *                      a {@link VisionEncoder} of these sizes; null = codes alone
     */
    public record Config(ArConfig ar, AlignConfig align, DitConfig dit, int promptLength, double flowShift,
                         int grid, int latentDim, int codebook, List<String> vocabulary, Variant variant, boolean editing,
                         boolean understanding, List<Integer> planCodes, VisionEncoder.Config vision) {
        public Config {
            variant = variant == null ? Variant.SERIAL : variant;
            planCodes = planCodes == null ? null : List.copyOf(planCodes);
            if (variant == Variant.DIT_ONLY && (editing || understanding)) {
                throw new IllegalArgumentException("the DiT-only variant is a text-to-image ablation: it has no plan to edit or answer with");
            }
            if (vision != null && !editing && !understanding) {
                throw new IllegalArgumentException("the vision encoder reads given pictures: it needs editing or understanding");
            }
        }

        public static Config of(ArConfig ar, AlignConfig align, DitConfig dit, int promptLength, MammothTok.Config tok, List<String> vocabulary) {
            return new Config(ar, align, dit, promptLength, FlowMatching.standard().shift(), tok.grid(), tok.latentDim(), tok.codebookSize(),
                    List.copyOf(vocabulary), Variant.SERIAL, false, false, null, null);
        }

        /** The same sizes with another variant and task families. */
        public Config with(Variant variant, boolean editing, boolean understanding) {
            return new Config(ar, align, dit, promptLength, flowShift, grid, latentDim, codebook, vocabulary, variant, editing, understanding,
                    planCodes, vision);
        }

        /** The same with a vision encoder of these sizes (null = none). */
        public Config withVision(VisionEncoder.Config vision) {
            return new Config(ar, align, dit, promptLength, flowShift, grid, latentDim, codebook, vocabulary, variant, editing, understanding,
                    planCodes, vision);
        }

        /** The same with the plan codes of a tokenizer: merged as {@link ArConfig#mergeCodes()} asks, or null when it does not. */
        public Config withPlanCodes(MammothTok tok) {
            List<Integer> codes = ar.mergeCodes() > 0
                    ? java.util.Arrays.stream(tok.mergedCodes(ar.mergeCodes())).boxed().toList() : null;
            return new Config(ar, align, dit, promptLength, flowShift, grid, latentDim, codebook, vocabulary, variant, editing, understanding,
                    codes, vision);
        }

        public boolean planned() {
            return variant == Variant.SERIAL;
        }
    }

    private static final Gson GSON = new Gson();
    private final Config config;
    private final TextTokenizer text;
    private final PlanLayout layout;
    private final Parameters params;
    private final ArBackbone ar;
    private final AlignmentModule align;
    private final DiffusionTransformer dit;
    private final VisionEncoder vision; // null: the AR reads given pictures as codes alone
    private final FlowMatching flow;

    public Generator(Config config, NDManager manager, long seed) {
        this.config = config;
        this.text = new TextTokenizer(config.vocabulary(), config.promptLength());
        this.layout = PlanLayout.of(text, config.grid(), config.codebook(),
                config.planCodes() == null ? null : config.planCodes().stream().mapToInt(Integer::intValue).toArray());
        this.params = new Parameters(manager, seed);
        this.ar = new ArBackbone(params, config.ar(), layout, config.editing(), config.understanding());
        this.align = new AlignmentModule(params, config.align(), layout, config.ar().width(), config.dit().width(), config.planned());
        this.dit = new DiffusionTransformer(params, config.dit(), config.latentDim(), config.grid(), align.conditionTokens(),
                align.spatialTokens(), config.editing());
        this.vision = config.vision() == null ? null : new VisionEncoder(params, config.vision(), config.grid(), config.ar().width());
        this.flow = new FlowMatching(config.flowShift());
    }

    /** One full AR pass over finished plans, and the DiT condition the alignment module makes of its states. */
    public record PlanReading(ArBackbone.Output ar, Condition condition) {
    }

    /**
     * The AR reads the prompt and each plan's codes (teacher forcing, as in training and after planning); the alignment
     * module turns its states into the condition, (B, C, Ddit) with the prompt's padding blocked.
     */
    public PlanReading read(NDManager scope, int[] prompt, int[][] codes) {
        int n = codes.length;
        int t = layout.length() - 1; // the image end is only ever a target
        int p = layout.promptLength();
        int[] inputs = new int[n * t];
        boolean[] padded = new boolean[n * t];
        boolean[] promptBlocked = new boolean[n * p];
        for (int i = 0; i < n; i++) {
            int[] seq = layout.sequence(prompt, codes[i]);
            System.arraycopy(seq, 0, inputs, i * t, t);
            for (int j = 0; j < p; j++) {
                padded[i * t + j] = seq[j] == layout.pad();
                promptBlocked[i * p + j] = padded[i * t + j];
            }
        }
        ArBackbone.Output out = ar.forward(scope, inputs, n, 0, padded, null);
        return new PlanReading(out, align.encode(out.layerStates(), promptBlocked));
    }

    /**
     * The understanding features of {@code count} pictures (3, S, S flat each, in [-1, 1]) for sequences whose picture's
     * first code is at index firstCode; null when this generator has no vision encoder.
     */
    public VisionEncoder.Features see(NDManager scope, float[] pixels, int count, int firstCode) {
        return vision == null ? null : vision.see(scope, pixels, count, firstCode);
    }

    public String header(JsonObject extra) {
        JsonObject h = new JsonObject();
        h.add("config", configJson(config));
        if (extra != null) {
            h.add("training", extra);
        }
        return GSON.toJson(h);
    }

    public static Config configFromHeader(String header) {
        JsonObject h = GSON.fromJson(header, JsonObject.class);
        return configFromJson(h.get("config"));
    }

    /** The configuration as JSON, as in the header (training checkpoints keep it too, so a resume rebuilds the same model). */
    public static JsonElement configJson(Config config) {
        return GSON.toJsonTree(config);
    }

    public static Config configFromJson(JsonElement json) {
        return GSON.fromJson(json, Config.class);
    }

    public Config config() {
        return config;
    }

    public TextTokenizer text() {
        return text;
    }

    public PlanLayout layout() {
        return layout;
    }

    public Parameters parameters() {
        return params;
    }

    public ArBackbone ar() {
        return ar;
    }

    public AlignmentModule align() {
        return align;
    }

    public DiffusionTransformer dit() {
        return dit;
    }

    public FlowMatching flow() {
        return flow;
    }

    @Override
    public void close() {
        params.close();
    }
}
