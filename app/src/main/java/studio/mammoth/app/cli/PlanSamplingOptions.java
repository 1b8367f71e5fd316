package studio.mammoth.app.cli;

import picocli.CommandLine.Option;
import studio.mammoth.model.ar.SamplingSettings;

/** How the AR samples the plan: the options `generate` and `bench geneval` share; defaults are the model's standard. */
final class PlanSamplingOptions {
    @Option(names = "--plan-guidance", paramLabel = "S", description = "AR logit guidance, 1 = off (default: ${DEFAULT-VALUE}).")
    double guidance = SamplingSettings.standard().guidance();

    @Option(names = "--temperature", paramLabel = "T", description = "AR sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature = SamplingSettings.standard().temperature();

    @Option(names = "--top-k", paramLabel = "K", description = "AR top-k, 0 = all codes (default: ${DEFAULT-VALUE}).")
    int topK = SamplingSettings.standard().topK();

    /** @throws IllegalArgumentException with the reason when a value is out of range */
    SamplingSettings settings() {
        return new SamplingSettings(guidance, temperature, topK);
    }
}
