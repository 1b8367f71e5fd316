package studio.mammoth.model.bench;

/** Seeds of benchmark items: one independent, reproducible seed per (run seed, item, sample). */
final class Seeds {
    private Seeds() {
    }

    static long of(long runSeed, long item, long sample) {
        return mix(mix(mix(runSeed) ^ item) ^ sample * 0x9E3779B97F4A7C15L);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
