package studio.mammoth.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import studio.mammoth.model.world.WardrobeWorld;

/** How the wardrobe world lays out its garments, for the commands that draw from it (training, world sample, bench render). */
final class WorldShapeOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    @Option(names = "--grid", paramLabel = "PX", defaultValue = "1", description = "Wardrobe world: garments at multiples of PX pixels, "
            + "sizes in steps of PX (1: anywhere, every size; default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--exemplars", paramLabel = "N", description = "Wardrobe world: only the first N exemplars of each garment class (default: all).")
    Integer exemplars;

    boolean changesTheWorld() {
        return grid != 1 || exemplars != null;
    }

    /** The world laid out as asked; bad values are the command line's error. */
    WardrobeWorld apply(WardrobeWorld world) {
        try {
            WardrobeWorld gridded = grid != 1 ? world.onGrid(grid) : world;
            return exemplars != null ? gridded.firstExemplars(exemplars) : gridded;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /** "on a 4-pixel grid, 64 exemplars a class", or "" for the plain world. */
    String label() {
        String onGrid = grid != 1 ? "on a " + grid + "-pixel grid" : "";
        String few = exemplars != null ? exemplars + " exemplars a class" : "";
        return onGrid.isEmpty() || few.isEmpty() ? onGrid + few : onGrid + ", " + few;
    }

    /** The options as typed, for the command recorded in a model card. */
    String describe() {
        return (grid != 1 ? " --grid " + grid : "") + (exemplars != null ? " --exemplars " + exemplars : "");
    }
}
