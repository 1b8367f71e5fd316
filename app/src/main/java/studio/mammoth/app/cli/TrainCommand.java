package studio.mammoth.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.List;
import studio.mammoth.model.align.AlignConfig;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.api.ModelFiles;
import studio.mammoth.model.ar.ArConfig;
import studio.mammoth.model.ar.VisionEncoder;
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.train.GeneratorRun;
import studio.mammoth.model.train.PlanReinforcement;
import studio.mammoth.model.train.TaskMix;
import studio.mammoth.model.train.TokenNoise;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.train.DirectoryExamples;
import studio.mammoth.model.train.TokenizerRun;
import studio.mammoth.model.train.TrainingExamples;
import studio.mammoth.model.train.WorldExamples;

/** Trains the image model's parts: the visual tokenizer first, then the generator (AR + alignment + DiT) on its codes. */
@Command(name = "train", description = "Train the image model: 'tokenizer' first, then 'generator', then optionally 'reinforce'.",
        subcommands = {TrainCommand.Tokenizer.class, TrainCommand.GeneratorStage.class, TrainCommand.Reinforce.class})
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options both stages share. */
    static final class Common {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec command;

        @Option(names = "--minutes", description = "Wall-time budget (default: ${DEFAULT-VALUE}).", defaultValue = "20")
        double minutes;

        @Option(names = "--resume", description = "Continue from the run's last checkpoint.")
        boolean resume;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, batches and noise (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--run-dir", paramLabel = "DIR", description = "Checkpoints (default: runs/ in the checkout).")
        Path runDir;

        @Option(names = "--models", paramLabel = "DIR", description = "Where the finished weights go (default: assets/models).")
        Path models;

        void validate() {
            if (!(minutes > 0)) {
                throw new CommandLine.ParameterException(command.commandLine(), "--minutes must be positive");
            }
        }

        Path runDir() {
            return runDir != null ? runDir : Home.checkout().orElse(Path.of(".")).resolve("runs");
        }

        Path models() {
            return models != null ? models : ModelFiles.directory();
        }

        String describe(String stage) {
            return "./mammoth train " + stage + " --minutes " + minutes + " --seed " + seed + (resume ? " --resume" : "");
        }
    }

    /** Where the tokenizer and the generator take their pictures from. */
    static final class DataOption {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec command;

        @Option(names = "--data", paramLabel = "DIR", description = "Train on DIR/captions.jsonl + images instead of the wardrobe world.")
        Path data;

        @CommandLine.Mixin
        WorldShapeOptions shape;

        TrainingExamples examples() throws Exception {
            if (data != null) {
                if (shape.changesTheWorld()) {
                    throw new CommandLine.ParameterException(command.commandLine(), "--grid and --exemplars shape the wardrobe world; --data DIR is your own pictures");
                }
                return new DirectoryExamples(data, 64);
            }
            WorldExamples world = WorldExamples.training();
            return shape.changesTheWorld() ? world.reshaped(shape::apply, shape.label()) : world;
        }

        String describe() {
            return data != null ? " --data " + data : shape.describe();
        }
    }

    @Command(name = "tokenizer", description = "Train MammothTok (encoder, codebook, decoder); reports PSNR and codebook usage.")
    static final class Tokenizer implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @CommandLine.Mixin
        DataOption data;

        @Option(names = "--batch", defaultValue = "32", description = "Pictures per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--pool", defaultValue = "12000", description = "Distinct training pictures (default: ${DEFAULT-VALUE}).")
        int pool;

        @Option(names = "--size", defaultValue = "standard", description = "standard (the first shipped sizes), large (wider, a deeper "
                + "decoder, 16-dim latents, 1024 codes, edge loss) or wide (large with 32-dim latents) (default: ${DEFAULT-VALUE}).")
        String size;

        @Option(names = "--quantised-share", paramLabel = "F",
                description = "Share of each batch the decoder sees through the codes; the rest through the continuous latents the "
                        + "DiT renders in (default: " + TokenizerRun.DEFAULT_QUANTISED_SHARE + ", or the resumed checkpoint's).")
        Double quantisedShare;

        @Option(names = "--adversarial", defaultValue = "0", paramLabel = "W",
                description = "With --resume: fine-tune the decoder alone against a patch critic whose verdict weighs W in its loss; the "
                        + "encoder and codebook stay frozen, so generators trained on the tokenizer stay valid (default: 0, off).")
        double adversarial;

        @Option(names = "--new-decoder", paramLabel = "FILE", description = "Keep this trained tokenizer's encoder and codebook, frozen, and "
                + "train a new decoder of --size's decoder sizes for them from scratch (run dir runs/tokenizer-decoder): the codes and "
                + "latents stay the same, so every generator trained on FILE runs with the new decoder unchanged.")
        Path newDecoder;

        @Override
        public Integer call() throws Exception {
            common.validate();
            if (batch < 2 || pool < batch) {
                throw new CommandLine.ParameterException(common.command.commandLine(), "--batch must be >= 2 and --pool >= --batch");
            }
            if (newDecoder != null && !java.nio.file.Files.isRegularFile(newDecoder)) {
                throw new CommandLine.ParameterException(common.command.commandLine(), "--new-decoder " + newDecoder + " does not exist");
            }
            MammothTok.Config config = switch (size) {
                case "standard" -> MammothTok.Config.standard();
                case "large" -> MammothTok.Config.large();
                case "wide" -> MammothTok.Config.wide();
                default -> throw new CommandLine.ParameterException(common.command.commandLine(), "--size is standard, large or wide, got " + size);
            };
            TokenizerRun.Settings settings;
            try {
                settings = new TokenizerRun.Settings(common.minutes, common.resume, common.seed, batch, pool, quantisedShare, adversarial,
                        newDecoder, common.runDir().resolve(newDecoder != null ? "tokenizer-decoder" : "tokenizer"), common.models(),
                        common.describe("tokenizer") + data.describe() + " --batch " + batch + " --pool " + pool + " --size " + size
                                + (quantisedShare != null ? " --quantised-share " + quantisedShare : "")
                                + (adversarial > 0 ? " --adversarial " + adversarial : "") + (newDecoder != null ? " --new-decoder " + newDecoder : ""));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(common.command.commandLine(), e.getMessage());
            }
            TokenizerRun.run(settings, data.examples(), config, System.out);
            return 0;
        }
    }

    @Command(name = "generator", description = "Train the AR backbone, alignment module and DiT jointly on the frozen tokenizer's codes.")
    static final class GeneratorStage implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @CommandLine.Mixin
        DataOption data;

        @Option(names = "--batch", defaultValue = "32", description = "Examples per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--examples", defaultValue = "20000", description = "Distinct training pairs, encoded once; --tasks all adds N/2 edits and N/2 "
                + "questions, at least 4,000 each (default: ${DEFAULT-VALUE}).")
        int examples;

        @Option(names = "--eval-minutes", defaultValue = "8", description = "Judge probe interval (default: ${DEFAULT-VALUE}).")
        double evalMinutes;

        @Option(names = "--token-noise", defaultValue = "BOTH", description = "Token-noise regularisation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        TokenNoise.Mode noise;

        @Option(names = "--tokenizer", paramLabel = "FILE", description = "Frozen MammothTok weights (default: the models folder's).")
        Path tokenizer;

        @Option(names = "--variant", defaultValue = "serial", paramLabel = "serial|dit-only",
                description = "serial: the AR plans the image, the DiT renders it (the product); dit-only: the ablation without a plan, "
                        + "the prompt's states straight into the DiT (own run dir runs/generator-dit-only, export there). Default: ${DEFAULT-VALUE}.")
        String variant;

        @Option(names = "--tasks", defaultValue = "generate", paramLabel = "generate|all",
                description = "generate: text-to-image; all: joint training of text-to-image, instruction edits and questions/captions "
                        + "on the wardrobe world (run dir runs/unified, export there), exported as the edit and answer weights mammoth-tasks.mmt; "
                        + "text-to-image keeps running mammoth-generator.mmt. Default: ${DEFAULT-VALUE}.")
        String tasks;

        @Option(names = "--mix", defaultValue = "0.4,0.35,0.25", paramLabel = "G,E,A",
                description = "--tasks all: shares of a batch for generate, edit, answer (default: ${DEFAULT-VALUE}).")
        String mix;

        @Option(names = "--ar-width", defaultValue = "" + ArConfig.STANDARD_WIDTH, description = "Width of the AR backbone, a multiple of 32 (default: ${DEFAULT-VALUE}).")
        int arWidth;

        @Option(names = "--ar-layers", defaultValue = "" + ArConfig.STANDARD_LAYERS, description = "Layers of the AR backbone; generation experts in the deeper half "
                + "(default: ${DEFAULT-VALUE}).")
        int arLayers;

        @Option(names = "--vision-encoder", description = "--tasks all: the AR also reads the pixels of the pictures it is given (an edit's "
                + "source, the picture asked about) through a small convolutional vision encoder, as MammothModa2's AR reads its VLM's "
                + "understanding features beside the codes. Its output starts at zero, so with --from the AR starts out as the trained one.")
        boolean visionEncoder;

        @Option(names = "--hide-codes", defaultValue = "0", paramLabel = "F", description = "--vision-encoder: the share of questions trained "
                + "with the picture's codes hidden, so the AR reads it through the vision encoder alone (modality dropout; the answers "
                + "learn to read the pixels rather than lean on the codes). Answers at inference always see both. Default: ${DEFAULT-VALUE}.")
        double hiddenCodes;

        @Option(names = "--from", paramLabel = "FILE", description = "Start from this checkpoint's (or exported) weights when there is nothing "
                + "to resume, new parts fresh — e.g. assets/models/mammoth-generator.mmt (the shipped text-to-image weights) for joint training. "
                + "With a larger --ar-layers at the same --ar-width the trained AR grows by identity blocks (block expansion) and starts "
                + "out computing what it did.")
        Path from;

        @Override
        public Integer call() throws Exception {
            common.validate();
            CommandLine cl = common.command.commandLine();
            if (batch < 2 || examples < batch || !(evalMinutes > 0)) {
                throw new CommandLine.ParameterException(cl, "--batch >= 2, --examples >= --batch and --eval-minutes > 0 are required");
            }
            Generator.Variant v = switch (variant) {
                case "serial" -> Generator.Variant.SERIAL;
                case "dit-only" -> Generator.Variant.DIT_ONLY;
                default -> throw new CommandLine.ParameterException(cl, "--variant is serial or dit-only, got " + variant);
            };
            boolean joint = switch (tasks) {
                case "generate" -> false;
                case "all" -> true;
                default -> throw new CommandLine.ParameterException(cl, "--tasks is generate or all, got " + tasks);
            };
            if (joint && v != Generator.Variant.SERIAL) {
                throw new CommandLine.ParameterException(cl, "--tasks all needs the serial variant (the DiT-only ablation has no plan to edit or answer with)");
            }
            if (joint && data.data != null) {
                throw new CommandLine.ParameterException(cl, "--tasks all trains on the wardrobe world's edits and questions; --data DIR holds captioned pictures only");
            }
            if (visionEncoder && !joint) {
                throw new CommandLine.ParameterException(cl, "--vision-encoder reads the pictures of edits and questions: it needs --tasks all");
            }
            if (hiddenCodes != 0 && !visionEncoder) {
                throw new CommandLine.ParameterException(cl, "--hide-codes hides codes behind the vision encoder's features: it needs --vision-encoder");
            }
            if (!(hiddenCodes >= 0 && hiddenCodes <= 1)) {
                throw new CommandLine.ParameterException(cl, "--hide-codes is a share in [0, 1], got " + hiddenCodes);
            }
            if (from != null && !java.nio.file.Files.isRegularFile(from)) {
                throw new CommandLine.ParameterException(cl, "--from " + from + " does not exist");
            }
            ArConfig ar;
            try {
                ar = ArConfig.sized(arWidth, arLayers);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            TaskMix taskMix;
            try {
                taskMix = TaskMix.parse(mix);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            Path tok = tokenizer != null ? tokenizer : common.models().resolve(ModelFiles.TOKENIZER);
            if (!java.nio.file.Files.isRegularFile(tok)) {
                System.err.println("train generator: the frozen tokenizer " + tok + " is missing; train it first with: " + ModelFiles.TRAIN_TOKENIZER);
                return 1;
            }
            // the product's run writes runs/generator and the models folder; the ablation and joint training keep their own
            String runName = joint ? "unified" : v == Generator.Variant.DIT_ONLY ? "generator-dit-only" : "generator";
            Path runDir = common.runDir().resolve(runName);
            Path models = common.models != null || runName.equals("generator") ? common.models() : runDir.resolve("export");
            String command = common.describe("generator") + data.describe() + " --batch " + batch + " --examples " + examples + " --token-noise " + noise
                    + (v != Generator.Variant.SERIAL ? " --variant " + variant : "") + (joint ? " --tasks all --mix " + mix : "")
                    + (from != null ? " --from " + from : "") + (tokenizer != null ? " --tokenizer " + tokenizer : "")
                    + (ar.equals(ArConfig.standard()) ? "" : " --ar-width " + arWidth + " --ar-layers " + arLayers)
                    + (visionEncoder ? " --vision-encoder" : "") + (hiddenCodes > 0 ? " --hide-codes " + hiddenCodes : "");
            GeneratorRun.Settings settings = new GeneratorRun.Settings(common.minutes, common.resume, common.seed, batch, examples, evalMinutes,
                    noise, tok, runDir, models, command, taskMix, from, hiddenCodes);
            MammothTok.Config tokSizes = MammothTok.Config.standard();
            Generator.Config sizes = Generator.Config.of(ar, AlignConfig.standard(tokSizes.grid()), DitConfig.standard(),
                    PROMPT_TOKENS, tokSizes, List.of()).with(v, joint, joint).withVision(visionEncoder ? VisionEncoder.Config.standard() : null);
            GeneratorRun.run(settings, data.examples(), sizes, System.out);
            System.out.println("weights: " + models + " (the best by the judge probe, or the last when no probe runs); the last also in "
                    + runDir.resolve("last"));
            return 0;
        }
    }

    @Command(name = "reinforce", description = "Reinforce the AR's plans with the judge as the reward (group-relative policy gradient on fresh "
            + "GenEval-template prompts, plans judged through the frozen tokenizer), anchored by the joint objective on world pairs. "
            + "Starts from the models folder's generator (or --from); run dir runs/reinforce; the best weights by the plan probe go to "
            + "runs/reinforce/export (or --models), the last to runs/reinforce/last.")
    static final class Reinforce implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @CommandLine.Mixin
        PlanSamplingOptions sampling;

        @Option(names = "--from", paramLabel = "FILE", description = "Generator weights to start from (default: the models folder's).")
        Path from;

        @Option(names = "--prompts", defaultValue = "4", description = "Prompts a step (default: ${DEFAULT-VALUE}).")
        int prompts;

        @Option(names = "--group", defaultValue = "8", description = "Plans a prompt; advantages are relative to the group (default: ${DEFAULT-VALUE}).")
        int group;

        @Option(names = "--anchor", defaultValue = "8", description = "World pairs a step in the joint objective (default: ${DEFAULT-VALUE}).")
        int anchor;

        @Option(names = "--policy-weight", defaultValue = "4", description = "Weight of the policy gradient against the anchor (default: ${DEFAULT-VALUE}).")
        double policyWeight;

        @Option(names = "--examples", defaultValue = "8000", description = "Distinct world pairs for the anchor, encoded once (default: ${DEFAULT-VALUE}).")
        int examples;

        @Option(names = "--lr", defaultValue = "5e-5", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
        double lr;

        @Option(names = "--eval-minutes", defaultValue = "5", description = "Plan probe interval (default: ${DEFAULT-VALUE}).")
        double evalMinutes;

        @Override
        public Integer call() throws Exception {
            common.validate();
            CommandLine cl = common.command.commandLine();
            Path start = from != null ? from : ModelFiles.directory().resolve(ModelFiles.GENERATOR);
            Path tok = ModelFiles.directory().resolve(ModelFiles.TOKENIZER);
            if (!java.nio.file.Files.isRegularFile(start) || !java.nio.file.Files.isRegularFile(tok)) {
                System.err.println("train reinforce: needs a trained generator and its tokenizer (" + start + ", " + tok + "); train them with: "
                        + ModelFiles.TRAIN_TOKENIZER + ", then " + ModelFiles.TRAIN_GENERATOR);
                return 1;
            }
            Path runDir = common.runDir().resolve("reinforce");
            Path models = common.models != null ? common.models() : runDir.resolve("export");
            String command = common.describe("reinforce") + " --prompts " + prompts + " --group " + group + " --anchor " + anchor + " --policy-weight " + policyWeight + " --examples "
                    + examples + " --lr " + lr + (from != null ? " --from " + from : "");
            PlanReinforcement.Settings settings;
            try {
                settings = new PlanReinforcement.Settings(common.minutes, common.resume, common.seed, prompts, group, anchor, policyWeight, examples, lr, evalMinutes,
                        sampling.settings(), start, tok, runDir, models, command);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
            PlanReinforcement.run(settings, WorldExamples.training(), System.out);
            return 0;
        }
    }

    /** Longest prompt the generator reads; the world's longest captions (four garments, relations) fit. */
    static final int PROMPT_TOKENS = 24;
}
