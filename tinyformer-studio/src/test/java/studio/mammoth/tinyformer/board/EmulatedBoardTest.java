package studio.mammoth.tinyformer.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.mammoth.tinyformer.compile.BlobFormat;

/** The protocol against the real firmware on QEMU: no model needed for these. */
class EmulatedBoardTest {
    @TempDir
    static Path state;
    static EmulatedBoard board;

    @BeforeAll
    static void boot() throws BoardException {
        board = EmulatedBoard.start(state);
    }

    @AfterAll
    static void shutdown() {
        board.close();
    }

    @Test
    void answersPingAndInfoWithItsLimits() throws BoardException {
        BoardClient.PingReply ping = board.client().ping(1_000);
        assertEquals(Protocol.VERSION, ping.protocol());
        assertEquals("qemu-mps2-an500", ping.board());
        BoardInfo info = board.client().info();
        assertEquals("emulated-instructions", info.timerUnit());
        assertTrue(info.persistentStore(), "the store file is written through semihosting");
        FirmwareImage.Sizes sizes = FirmwareImage.qemu().sizes();
        assertEquals(sizes.arena(), info.arenaBytes(), "the board's arena is the linked .arena section");
        assertEquals(sizes.flashBytes(), info.flashImageBytes());
        assertTrue(sizes.flashBytes() <= FirmwareImage.Sizes.FLASH_LIMIT);
        assertTrue(sizes.staticRamBytes() + sizes.arena() <= FirmwareImage.Sizes.SRAM_LIMIT);
        // Instruction counts: -icount shift=2 makes one 25 MHz SysTick tick 10 instructions.
        assertEquals(10_000, info.unitsPerThousandTicks());
    }

    @Test
    void rejectsAModelLargerThanASlot() throws BoardException {
        BoardInfo info = board.client().info();
        BoardException e = assertThrows(BoardException.class, () -> board.client().loadBegin(info.slotCapacity() + 1, 0));
        assertEquals(BoardException.Kind.OUT_OF_SPACE, e.kind());
        assertEquals(info.slotCapacity(), e.detail());
    }

    @Test
    void rejectsOutOfOrderChunksWithTheExpectedOffset() throws BoardException {
        byte[] junk = new byte[3000];
        board.client().loadBegin(junk.length, DeployTask.crc(junk));
        BoardException e = assertThrows(BoardException.class, () -> board.client().loadChunk(100, junk, 0, 10));
        assertEquals(Protocol.ErrorCode.OFFSET, e.code());
        assertEquals(0, e.detail());
    }

    /** A blob with a plausible header of this format version and junk after it (so its CRC cannot match). */
    private static byte[] junkBlob(int version) {
        byte[] blob = new byte[4096];
        Arrays.fill(blob, (byte) 7);
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).put(new byte[] {'T', 'F', 'M', 'B'}).putShort((short) version)
                .putShort((short) 64).putInt(blob.length);
        ByteBuffer.wrap(blob, 36, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(1024); // a plausible arena size
        return blob;
    }

    @Test
    void validatesABlobBeforeActivation() throws BoardException {
        byte[] blob = junkBlob(BlobFormat.VERSION);
        BoardInfo before = board.client().info();
        BoardException e = assertThrows(BoardException.class, () -> new DeployTask(board.client(), blob, "junk")
                .run(studio.mammoth.common.task.TaskContext.unobserved()));
        assertEquals(Protocol.ErrorCode.BLOB_INVALID, e.code());
        assertEquals("CRC mismatch", Protocol.blobStatus(e.detail()));
        assertEquals(before.activeCrc(), board.client().info().activeCrc(), "a rejected upload leaves the active model alone");
        assertThrows(BoardException.class, () -> board.client().activate());
    }

    @Test
    void aBlobOfAnotherFormatVersionAsksForTheFirmwareThisStudioShips() {
        BoardException e = assertThrows(BoardException.class, () -> new DeployTask(board.client(), junkBlob(BlobFormat.VERSION - 1),
                "old format").run(studio.mammoth.common.task.TaskContext.unobserved()));
        assertEquals(BoardException.Kind.WRONG_FIRMWARE, e.kind());
        assertEquals("unsupported version", Protocol.blobStatus(e.detail()));
        assertTrue(e.getMessage().contains("flash the firmware this Studio ships"), e.getMessage());
    }

    @Test
    void resendsAFrameTheBoardReceivedDamaged() throws BoardException, IOException {
        CorruptingLink link = new CorruptingLink(board.client().link());
        BoardClient client = new BoardClient(link);
        link.corruptNextWrite();
        long framesBefore = board.client().info().frameErrors();
        assertFalse(client.info().board().isEmpty());
        assertEquals(1, client.resends(), "the damaged request was sent again");
        assertEquals(framesBefore + 1, board.client().info().frameErrors(), "the board counted the damaged frame");
    }

    /** Flips one bit in the next frame written, as line noise would. */
    static final class CorruptingLink implements BoardLink {
        private final BoardLink inner;
        private boolean corrupt;

        CorruptingLink(BoardLink inner) {
            this.inner = inner;
        }

        void corruptNextWrite() {
            corrupt = true;
        }

        @Override
        public void write(byte[] data) throws IOException {
            byte[] copy = data.clone();
            if (corrupt && copy.length > 6) {
                copy[copy.length - 5] ^= 0x10;
                corrupt = false;
            }
            inner.write(copy);
        }

        @Override
        public int read(byte[] buffer, int timeoutMillis) throws IOException {
            return inner.read(buffer, timeoutMillis);
        }

        @Override
        public String path() {
            return inner.path();
        }

        @Override
        public void close() {
            // the board's own client owns the port
        }
    }
}
