package studio.mammoth.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import studio.mammoth.common.task.CancelToken;
import studio.mammoth.common.task.TaskContext;
import studio.mammoth.tinyformer.board.BoardException;
import studio.mammoth.tinyformer.board.BoardInfo;
import studio.mammoth.tinyformer.board.DeployTask;
import studio.mammoth.tinyformer.board.FirmwareImage;

/** {@code mammoth tinyformer deploy}: flash a compiled model to a board (connect, info, flash, verify, activate). */
@Command(name = "deploy",
        description = "Flash a compiled TinyFormer blob to a board running SparseEngine (default: the shipped model, the emulated board).")
public final class TinyformerDeployCommand implements Callable<Integer> {
    @Mixin
    BoardOptions board;

    @Option(names = "--blob", paramLabel = "FILE", description = "Model blob (default: assets/models/tinyformer/tinyformer.blob).")
    Path blob;

    @Override
    public Integer call() throws Exception {
        Path file = blobOrShipped(blob);
        if (file == null) {
            return 1;
        }
        byte[] bytes = Files.readAllBytes(file);
        CancelToken cancel = new CancelToken();
        Thread hook = new Thread(cancel::cancel);
        Runtime.getRuntime().addShutdownHook(hook);
        try (BoardOptions.Connection c = board.open()) {
            StageLog log = new StageLog();
            TaskContext ctx = new TaskContext(cancel, log);
            DeployTask.Result r = new DeployTask(c.client(), bytes, file.getFileName().toString()).run(ctx);
            log.finish();
            BoardInfo info = r.board();
            if (r.alreadyActive()) {
                System.out.printf(Locale.ROOT, "deploy: %s is already active on %s (slot %d)%n", file.getFileName(), c.label(), r.slot());
            } else {
                System.out.printf(Locale.ROOT, "deploy: %s (%d bytes) to %s: %.2f s at %.1f KB/s%s, verified, active in slot %d, %d resend(s)%n",
                        file.getFileName(), r.bytes(), c.label(), r.seconds(), r.bytesPerSecond() / 1024,
                        r.resumedFrom() > 0 ? " (resumed at byte " + r.resumedFrom() + ")" : "", r.slot(), r.resends());
            }
            printMemory(info, bytes.length);
            return 0;
        } catch (BoardException e) {
            System.err.println();
            System.err.println("deploy failed (" + e.kind() + "): " + e.getMessage());
            return 1;
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** Flash and SRAM of the linked firmware plus this model against the STM32F746 budget. */
    static void printMemory(BoardInfo info, long blobBytes) {
        long flash = info.flashImageBytes() + blobBytes;
        long sram = info.staticRamBytes() + info.modelArenaBytes();
        System.out.printf(Locale.ROOT, "memory: flash %.1f KB (firmware %.1f + model %.1f) of %d KB; SRAM %.1f KB (firmware %.1f + activations %.1f) of %d KB%n",
                flash / 1024.0, info.flashImageBytes() / 1024.0, blobBytes / 1024.0, FirmwareImage.Sizes.FLASH_LIMIT / 1024,
                sram / 1024.0, info.staticRamBytes() / 1024.0, info.modelArenaBytes() / 1024.0, FirmwareImage.Sizes.SRAM_LIMIT / 1024);
    }

    /** The given blob, or the shipped one; prints what to do and returns null when there is none. */
    static Path blobOrShipped(Path blob) {
        Path file = TinyformerCommand.givenOrShipped(blob, TinyformerReportCommand.SHIPPED_BLOB);
        if (!Files.isRegularFile(file)) {
            System.err.println("no model blob at " + file + ": compile one (./mammoth tinyformer compile ...) or pass --blob FILE");
            return null;
        }
        return file;
    }
}
