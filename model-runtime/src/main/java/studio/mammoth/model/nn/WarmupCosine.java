package studio.mammoth.model.nn;

/**
 * Linear warm-up to the peak rate, then a cosine decay to a floor at the planned last step. A resumed run whose
 * schedule has ended starts a new cycle (warm restart) at {@code firstStep}.
 */
public record WarmupCosine(double peak, double floor, long warmupSteps, long totalSteps, long firstStep) {
    public WarmupCosine(double peak, double floor, long warmupSteps, long totalSteps) {
        this(peak, floor, warmupSteps, totalSteps, 0);
    }

    /** The same cycle, ending after {@code totalSteps} instead. */
    public WarmupCosine endingAfter(long totalSteps) {
        return new WarmupCosine(peak, floor, warmupSteps, totalSteps, firstStep);
    }

    public double at(long globalStep) {
        long step = globalStep - firstStep;
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
