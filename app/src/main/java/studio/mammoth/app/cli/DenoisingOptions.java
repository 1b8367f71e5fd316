package studio.mammoth.app.cli;

import picocli.CommandLine.Option;
import studio.mammoth.model.api.GenerateRequest;

/** How the DiT renders: the options `generate`, `bench geneval`, `bench render` and `bench speed` share. */
final class DenoisingOptions {
    @Option(names = "--steps", defaultValue = "" + GenerateRequest.DEFAULT_STEPS, description = "Euler steps of the DiT (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--guidance", defaultValue = "" + GenerateRequest.DEFAULT_GUIDANCE,
            description = "DiT classifier-free guidance (default: ${DEFAULT-VALUE}).")
    double guidance;
}
