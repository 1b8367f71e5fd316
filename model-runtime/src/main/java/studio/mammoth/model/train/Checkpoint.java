package studio.mammoth.model.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.mammoth.model.nn.AdamW;
import studio.mammoth.model.nn.Parameters;
import studio.mammoth.model.nn.TensorFile;

/**
 * A resumable training state in float32: weights, Adam moments, optional EMA weights, the step and the
 * planned schedule length. Batches and noise are drawn from Random(seed, step), so a resumed run continues
 * with exactly the batches an uninterrupted one would have seen.
 */
public final class Checkpoint {
    private static final Gson GSON = new Gson();

    public record State(long step, long plannedSteps, double wallSeconds, JsonObject extra) {
    }

    private Checkpoint() {
    }

    public static void save(Path file, Parameters params, AdamW adam, Map<String, float[]> ema, State state) throws IOException {
        Map<String, float[]> tensors = new LinkedHashMap<>(params.snapshot());
        tensors.putAll(adam.state());
        if (ema != null) {
            ema.forEach((k, v) -> tensors.put("ema." + k, v));
        }
        TensorFile.write(file, GSON.toJson(state), tensors, TensorFile.Storage.FLOAT32);
    }

    /** The state of a checkpoint without touching any weights, or null when there is none. */
    public static State peek(Path file, String recreate) throws IOException {
        return Files.isRegularFile(file) ? GSON.fromJson(TensorFile.read(file, recreate).header(), State.class) : null;
    }

    /**
     * Loads weights and optimiser state in place; returns the state, or null when there is no checkpoint. Weights the
     * checkpoint lacks (parts added by a newer configuration) keep their fresh initialisation and zero moments; their
     * names are added to {@code missingOut} when given.
     */
    public static State load(Path file, Parameters params, AdamW adam, Map<String, float[]> emaOut, String recreate,
                             List<String> missingOut) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        TensorFile.Contents c = TensorFile.read(file, recreate);
        State state = GSON.fromJson(c.header(), State.class);
        List<String> missing = params.loadPresent(c.tensors());
        if (missingOut != null) {
            missingOut.addAll(missing);
        } else if (!missing.isEmpty()) {
            throw new IllegalArgumentException("checkpoint has no tensor " + missing.get(0));
        }
        adam.restore(c.tensors(), state.step());
        if (emaOut != null) {
            c.tensors().forEach((k, v) -> {
                if (k.startsWith("ema.")) {
                    emaOut.put(k.substring(4), v);
                }
            });
        }
        return state;
    }

    /** As {@link #load(Path, Parameters, AdamW, Map, String, List)} for a checkpoint that must hold every weight. */
    public static State load(Path file, Parameters params, AdamW adam, Map<String, float[]> emaOut, String recreate) throws IOException {
        return load(file, params, adam, emaOut, recreate, null);
    }

    /** "2 cores, Intel(R) Xeon(R) …, Linux 6.1, Java 17" for model cards. */
    public static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException ignored) {
            // not Linux: the core count and OS still say enough
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }
}
