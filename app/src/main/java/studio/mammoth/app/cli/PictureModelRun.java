package studio.mammoth.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine;
import studio.mammoth.app.imaging.PictureFiles;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.model.api.MammothModel;
import studio.mammoth.model.api.ModelFiles;

/**
 * What {@code edit}, {@code ask} and {@code caption} share: reading the input picture (refused with the reason, or
 * fitted to 64x64 with a notice on stderr) and running one task of the loaded model with its progress on stderr.
 */
final class PictureModelRun {
    /** The model could not do the work: missing weights, a checkpoint without the ability. Exit code 1. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private PictureModelRun() {
    }

    /** The picture, or a parameter error (exit code 2) with the reason. */
    static PictureFiles.Picture readPicture(CommandLine cli, Path file) {
        try {
            PictureFiles.Picture p = PictureFiles.readPicture(file);
            p.notice().ifPresent(n -> cli.getErr().println("note: " + n));
            return p;
        } catch (PictureFiles.RefusedException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
    }

    /**
     * Loads the weights from {@code models} (default assets/models), builds the task and runs it; Ctrl+C cancels.
     *
     * @param work builds the task; an {@link IllegalArgumentException} (an unknown word) becomes a parameter error
     */
    static <R> R run(CommandLine cli, Path models, Function<MammothModel, Task<R>> work) throws Exception {
        Path dir = models != null ? models : ModelFiles.directory();
        MammothModel loaded;
        try {
            loaded = MammothModel.load(dir);
        } catch (IOException e) {
            throw new Unavailable(e.getMessage());
        }
        try (MammothModel model = loaded) {
            Task<R> task;
            try {
                task = work.apply(model);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage());
            } catch (IllegalStateException e) {
                throw new Unavailable(e.getMessage());
            }
            CancelToken cancel = new CancelToken();
            Thread onInterrupt = new Thread(cancel::cancel);
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            StageLog log = new StageLog();
            try {
                return task.run(new TaskContext(cancel, log));
            } finally {
                log.finish();
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            }
        }
    }
}
