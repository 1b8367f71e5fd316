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
import studio.mammoth.model.dit.DitConfig;
import studio.mammoth.model.train.GeneratorRun;
import studio.mammoth.model.train.TokenNoise;
import studio.mammoth.model.tok.MammothTok;
import studio.mammoth.model.train.DirectoryExamples;
import studio.mammoth.model.train.TokenizerRun;
import studio.mammoth.model.train.TrainingExamples;
import studio.mammoth.model.train.WorldExamples;

/** Trains the image model's parts: the visual tokenizer first, then the generator (AR + alignment + DiT) on its codes. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the image model: 'tokenizer' first, then 'generator'.",
        subcommands = {TrainCommand.Tokenizer.class, TrainCommand.GeneratorStage.class})
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options both stages share. */
    static final class Common {
        @Option(names = "--minutes", description = "Wall-time budget (default: ${DEFAULT-VALUE}).", defaultValue = "20")
        double minutes;

        @Option(names = "--resume", description = "Continue from the run's last checkpoint.")
        boolean resume;

        @Option(names = "--data", paramLabel = "DIR", description = "Train on DIR/captions.jsonl + images instead of the wardrobe world.")
        Path data;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, batches and noise (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--run-dir", paramLabel = "DIR", description = "Checkpoints (default: runs/ in the checkout).")
        Path runDir;

        @Option(names = "--models", paramLabel = "DIR", description = "Where the finished weights go (default: assets/models).")
        Path models;

        void validate() {
            if (!(minutes > 0)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--minutes must be positive");
            }
        }

        TrainingExamples examples() throws Exception {
            return data != null ? new DirectoryExamples(data, 64) : WorldExamples.training();
        }

        Path runDir() {
            return runDir != null ? runDir : Home.checkout().orElse(Path.of(".")).resolve("runs");
        }

        Path models() {
            return models != null ? models : ModelFiles.directory();
        }

        String describe(String stage) {
            return "./mammoth train " + stage + " --minutes " + minutes + " --seed " + seed + (data != null ? " --data " + data : "")
                    + (resume ? " --resume" : "");
        }
    }

    @Command(name = "tokenizer", mixinStandardHelpOptions = true, description = "Train MammothTok (encoder, codebook, decoder); reports PSNR and codebook usage.")
    static final class Tokenizer implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Option(names = "--batch", defaultValue = "32", description = "Pictures per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--pool", defaultValue = "12000", description = "Distinct training pictures (default: ${DEFAULT-VALUE}).")
        int pool;

        @Override
        public Integer call() throws Exception {
            common.validate();
            if (batch < 2 || pool < batch) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--batch must be >= 2 and --pool >= --batch");
            }
            TokenizerRun.Settings settings = new TokenizerRun.Settings(common.minutes, common.resume, common.seed, batch, pool, 0,
                    common.runDir().resolve("tokenizer"), common.models(), common.describe("tokenizer") + " --batch " + batch + " --pool " + pool);
            TokenizerRun.run(settings, common.examples(), MammothTok.Config.standard(), System.out);
            return 0;
        }
    }

    @Command(name = "generator", mixinStandardHelpOptions = true, description = "Train the AR backbone, alignment module and DiT jointly on the frozen tokenizer's codes.")
    static final class GeneratorStage implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Option(names = "--batch", defaultValue = "32", description = "Examples per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--examples", defaultValue = "20000", description = "Distinct training pairs, encoded once (default: ${DEFAULT-VALUE}).")
        int examples;

        @Option(names = "--eval-minutes", defaultValue = "8", description = "Judge probe interval (default: ${DEFAULT-VALUE}).")
        double evalMinutes;

        @Option(names = "--token-noise", defaultValue = "BOTH", description = "Token-noise regularisation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        TokenNoise.Mode noise;

        @Option(names = "--tokenizer", paramLabel = "FILE", description = "Frozen MammothTok weights (default: the models folder's).")
        Path tokenizer;

        @Override
        public Integer call() throws Exception {
            common.validate();
            if (batch < 2 || examples < batch || !(evalMinutes > 0)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--batch >= 2, --examples >= --batch and --eval-minutes > 0 are required");
            }
            Path tok = tokenizer != null ? tokenizer : common.models().resolve(ModelFiles.TOKENIZER);
            if (!java.nio.file.Files.isRegularFile(tok)) {
                System.err.println("train generator: the frozen tokenizer " + tok + " is missing; train it first with: " + ModelFiles.TRAIN_TOKENIZER);
                return 1;
            }
            GeneratorRun.Settings settings = new GeneratorRun.Settings(common.minutes, common.resume, common.seed, batch, examples, evalMinutes,
                    noise, tok, common.runDir().resolve("generator"), common.models(),
                    common.describe("generator") + " --batch " + batch + " --examples " + examples + " --token-noise " + noise);
            GeneratorRun.run(settings, common.examples(), Generator.Config.of(ArConfig.standard(), AlignConfig.standard(), DitConfig.standard(),
                    PROMPT_TOKENS, MammothTok.Config.standard(), List.of()), System.out);
            return 0;
        }
    }

    /** Longest prompt the generator reads; the world's longest captions (four garments, relations) fit. */
    static final int PROMPT_TOKENS = 24;
}
