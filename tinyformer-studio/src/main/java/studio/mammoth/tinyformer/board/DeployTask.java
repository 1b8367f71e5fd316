package studio.mammoth.tinyformer.board;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import studio.mammoth.common.task.Task;
import studio.mammoth.common.task.TaskContext;

/**
 * Flash a model blob to a board: connect (ping: is it SparseEngine?), info (does the model fit?), load
 * in chunks into the inactive slot (resuming where the board says it stopped), verify (board-side CRC
 * and blob validation), activate. The previously active model stays in place until activation, so a
 * cancelled or interrupted deploy leaves the board as it was.
 */
public final class DeployTask implements Task<DeployTask.Result> {
    private final BoardClient client;
    private final byte[] blob;
    private final String modelName;

    /**
     * @param client    an open connection
     * @param blob      the compiled model (BLOB_FORMAT.md)
     * @param modelName for messages ("tinyformer-fmnist")
     */
    public DeployTask(BoardClient client, byte[] blob, String modelName) {
        if (blob.length < 64) {
            throw new IllegalArgumentException("a model blob has at least a 64-byte header; got " + blob.length + " bytes");
        }
        this.client = client;
        this.blob = blob.clone();
        this.modelName = modelName;
    }

    /**
     * @param bytes         blob size
     * @param resumedFrom   offset the upload resumed at (0 for a fresh upload)
     * @param seconds       wall time of the transfer
     * @param bytesPerSecond transfer rate of the chunks actually sent
     * @param slot          the slot now active
     * @param alreadyActive the board already ran this exact blob; nothing was sent
     * @param resends       frames sent again after a damaged frame or a timeout
     */
    public record Result(long bytes, long resumedFrom, double seconds, double bytesPerSecond, int slot, boolean alreadyActive,
                         long resends, BoardInfo board) {
    }

    @Override
    public String title() {
        return "Flash " + modelName + " (" + blob.length / 1024 + " KB) to " + client.link().path();
    }

    @Override
    public Result run(TaskContext context) throws BoardException {
        context.report(0, "connecting", "ping " + client.link().path());
        client.ping(1_000);
        BoardInfo info = client.info();
        long crc = crc(blob);
        if (info.hasModel() && info.activeLength() == blob.length && info.activeCrc() == crc) {
            context.report(1, "done", modelName + " is already the active model");
            return new Result(blob.length, blob.length, 0, 0, info.activeSlot(), true, client.resends(), info);
        }
        checkFits(info);
        BoardInfo.LoadStatus status = client.loadBegin(blob.length, crc);
        long resumedFrom = status.nextOffset();
        long offset = resumedFrom;
        long started = System.nanoTime();
        while (offset < blob.length) {
            context.throwIfCancelled();
            int n = (int) Math.min(Protocol.LOAD_CHUNK_MAX, blob.length - offset);
            status = client.loadChunk(offset, blob, (int) offset, n);
            offset = status.nextOffset();
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = (offset - resumedFrom) / Math.max(seconds, 1e-9);
            context.report((double) offset / blob.length * 0.95, "flashing",
                    String.format("%d / %d KB at %.1f KB/s", offset / 1024, blob.length / 1024, rate / 1024));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        context.report(0.96, "verifying", "board checks the CRC and validates the blob");
        long boardCrc = client.verify();
        if (boardCrc != crc) {
            throw new BoardException(BoardException.Kind.REJECTED, "board computed CRC " + Long.toHexString(boardCrc) + ", expected "
                    + Long.toHexString(crc));
        }
        context.report(0.98, "activating", "switching to the new slot");
        int slot = activate(crc);
        BoardInfo after = client.info();
        context.report(1, "done", String.format("%s active in slot %d", modelName, slot));
        return new Result(blob.length, resumedFrom, seconds, (blob.length - resumedFrom) / Math.max(seconds, 1e-9), slot, false,
                client.resends(), after);
    }

    private void checkFits(BoardInfo info) throws BoardException {
        if (blob.length > info.slotCapacity()) {
            throw new BoardException(BoardException.Kind.OUT_OF_SPACE, String.format(
                    "%s needs %d KB of flash but a model slot of %s holds %d KB: prune or shrink the model",
                    modelName, kb(blob.length), info.board(), kb(info.slotCapacity())));
        }
        long arena = Integer.toUnsignedLong(ByteBuffer.wrap(blob, 36, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (arena > info.arenaBytes()) {
            throw new BoardException(BoardException.Kind.OUT_OF_SPACE, String.format(
                    "%s needs %d KB of activation SRAM but %s has %d KB left for activations: choose a smaller resolution or width",
                    modelName, kb(arena), info.board(), kb(info.arenaBytes())));
        }
    }

    /** Activation is the one request that is not idempotent: a lost reply is confirmed through INFO. */
    private int activate(long crc) throws BoardException {
        try {
            return client.activate();
        } catch (BoardException e) {
            if (e.code() != Protocol.ErrorCode.NOT_VERIFIED) {
                throw e;
            }
            BoardInfo info = client.info();
            if (info.activeCrc() == crc && info.activeLength() == blob.length) {
                return info.activeSlot();
            }
            throw e;
        }
    }

    static long crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    private static long kb(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
