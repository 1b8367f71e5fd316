package studio.mammoth.tinyformer.nas;

import java.nio.file.Path;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.space.SearchSpace;

/**
 * The settings the commands share, so train-supernet, search and finetune agree on the space and the files without
 * passing them around: the budget, the SuperNAS sample, the working directory under {@code runs/tinyformer}.
 */
public final class SearchDefaults {
    /** Latency stand-in: at most 8 M MACs per inference (also what 2 CPU cores can train in the time given). */
    public static final long MAX_MACS = 8_000_000L;
    public static final int SUPERNAS_SAMPLES = 200;
    public static final long SEED = 1;

    private SearchDefaults() {
    }

    public static SearchCost searchCost() {
        return new CompilerCostModel(studio.mammoth.tinyformer.compile.CostModel.current());
    }

    public static SearchCost.Constraints constraints(long maxMacs) {
        return SearchCost.Constraints.stm32f746(maxMacs);
    }

    /** SuperNAS over the default candidate spaces (deterministic: same answer in every command). */
    public static SuperNas.Result superNas(long maxMacs, TaskContext ctx) {
        return new SuperNas(SearchSpace.defaultCandidates(), SUPERNAS_SAMPLES, searchCost(), constraints(maxMacs), SEED).run(ctx);
    }

    /** runs/tinyformer under the checkout (or the working directory). */
    public static Path workDir() {
        String home = System.getProperty("mammoth.home");
        return Path.of(home == null || home.isBlank() ? "." : home).resolve("runs").resolve("tinyformer");
    }

    /** Where SuperNAS records its choice, so later commands need not repeat it. */
    public static Path chosenSpaceFile() {
        return workDir().resolve("supernas-choice.txt");
    }

    /** The space SuperNAS chose (recorded by the search command), or a fresh SuperNAS run when none is recorded. */
    public static SearchSpace chosenSpace(long maxMacs, TaskContext ctx) throws java.io.IOException {
        Path f = chosenSpaceFile();
        if (java.nio.file.Files.isRegularFile(f)) {
            return SearchSpace.parse(java.nio.file.Files.readString(f).trim());
        }
        SearchSpace s = superNas(maxMacs, ctx).chosen().space();
        java.nio.file.Files.createDirectories(f.getParent());
        java.nio.file.Files.writeString(f, s.label() + "\n");
        return s;
    }

    public static Path searchResultFile() {
        return workDir().resolve("search-result.json");
    }

    public static Path supernetCheckpoint(SearchSpace space) {
        return workDir().resolve("supernet-" + space.label() + ".ckpt");
    }
}
