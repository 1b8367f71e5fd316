package studio.mammoth.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.Function;
import studio.mammoth.model.api.Generator;
import studio.mammoth.model.nn.AdamW;
import studio.mammoth.model.nn.Ema;
import studio.mammoth.model.nn.WarmupCosine;

/** One joint step at a time: objective, backward, AdamW (warm-up + cosine), EMA of the DiT. */
public final class GeneratorTrainer {
    /** Loss terms of one step; edit, answer and extra are NaN when the step had no such part. */
    public record Losses(double total, double nextToken, double flow, double edit, double answer, double extra, double gradientNorm) {
    }

    private final Generator generator;
    private final JointObjective objective;
    private final AdamW optimiser;
    private WarmupCosine schedule;
    private final Ema ema;
    private long step;
    private long skippedLosses;

    public GeneratorTrainer(Generator generator, JointObjective objective, WarmupCosine schedule, double emaDecay) {
        this.generator = generator;
        this.objective = objective;
        this.schedule = schedule;
        generator.parameters().setTrainable(true);
        this.optimiser = new AdamW(generator.parameters(), AdamW.Config.standard());
        this.ema = new Ema(generator.parameters(), "dit.", emaDecay);
    }

    public Losses step(NDManager base, JointObjective.Batch batch, Random random) {
        return step(base, new JointObjective.Mixed(batch, null, null), random);
    }

    public Losses step(NDManager base, JointObjective.Mixed batch, Random random) {
        return step(base, batch, random, null);
    }

    /**
     * One step on the joint objective plus an extra loss term built in the step's scope (plan reinforcement's policy
     * gradient beside its anchoring batch), or none when {@code extraTerm} is null.
     */
    public Losses step(NDManager base, JointObjective.Mixed batch, Random random, Function<NDManager, NDArray> extraTerm) {
        double total;
        double nextToken;
        double flow;
        double edit;
        double answer;
        double extra = Double.NaN;
        try (NDManager scope = base.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                JointObjective.Losses l = objective.compute(scope, generator, batch, random);
                NDArray sum = l.total();
                if (extraTerm != null) {
                    NDArray term = extraTerm.apply(scope);
                    extra = term.getFloat();
                    sum = sum.add(term);
                }
                total = sum.getFloat();
                nextToken = l.nextToken().getFloat();
                flow = l.flow().getFloat();
                edit = l.edit() != null ? l.edit().getFloat() : Double.NaN;
                answer = l.answer() != null ? l.answer().getFloat() : Double.NaN;
                if (Double.isFinite(total)) {
                    collector.backward(sum);
                }
            }
        }
        double norm = Double.NaN;
        if (Double.isFinite(total)) {
            norm = optimiser.step(schedule.at(step));
        } else {
            skippedLosses++;
        }
        Losses losses = new Losses(total, nextToken, flow, edit, answer, extra, norm);
        ema.update();
        step++;
        return losses;
    }

    /** Steps whose loss (not finite) was not back-propagated, plus updates AdamW dropped for a non-finite gradient. */
    public long skipped() {
        return skippedLosses + optimiser.skipped();
    }

    public long step() {
        return step;
    }

    public void resumeAt(long step) {
        this.step = step;
    }

    /** Re-fits the current cosine cycle to end after {@code cycleSteps} (see {@link ProgressBar#stepAtBudgetEnd}). */
    public void endCycleAfter(long cycleSteps) {
        schedule = schedule.endingAfter(cycleSteps);
    }

    public AdamW optimiser() {
        return optimiser;
    }

    public Ema ema() {
        return ema;
    }

    public double learningRate() {
        return schedule.at(step);
    }
}
