package studio.mammoth.model.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** The one place the DJL PyTorch engine is set up: offline, with a thread count that suits the machine. */
public final class DjlEngine {
    public static final String NAME = "PyTorch";

    /** What doctor prints and the status bar shows. */
    public record Info(String engine, String version, int threads, long loadMillis) {
    }

    private DjlEngine() {
    }

    /**
     * Settings that must be in place before DJL starts: offline (anything missing fails fast instead of
     * downloading) and no more threads than cores — more collapses throughput on the 2-core machines.
     */
    public static void configureDefaults() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        String threads = String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors()));
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
    }

    public static Engine engine() {
        configureDefaults();
        return Engine.getEngine(NAME);
    }

    /** Loads the engine and runs one small matmul, so a broken native library shows here and not mid-job. */
    public static Info probe() {
        long start = System.nanoTime();
        Engine engine = engine();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray a = manager.ones(new ai.djl.ndarray.types.Shape(8, 8));
            float check = a.matMul(a).getFloat(0, 0);
            if (check != 8f) {
                throw new IllegalStateException("engine computed 8x8 ones matmul as " + check);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Info(engine.getEngineName(), engine.getVersion(), Integer.getInteger("ai.djl.pytorch.num_threads", 1), millis);
    }
}
