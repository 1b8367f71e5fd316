package studio.mammoth.tinyformer.board;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a board reports about itself (reply to {@link Protocol#INFO}).
 *
 * @param timerUnit        "emulated-instructions" (QEMU -icount), "cycles" (DWT on a real chip)
 * @param slotCapacity     bytes of one model slot
 * @param arenaBytes       SRAM left for activations
 * @param flashImageBytes  firmware image in flash (code + read-only data + .data initialisers)
 * @param staticRamBytes   firmware SRAM besides the arena (.data + .bss + stack)
 * @param persistentStore  whether uploaded models survive a restart
 * @param activeSlot       -1 when the board has no model
 */
public record BoardInfo(String board, String firmware, int protocol, String timerUnit, int maxPayload, long slotCapacity,
                        long arenaBytes, long flashImageBytes, long staticRamBytes, boolean persistentStore, int activeSlot,
                        long activeLength, long activeCrc, long inputBytes, long outputBytes, int layers, long modelArenaBytes,
                        LoadStatus stage, long frameErrors, long unitsPerThousandTicks) {

    public boolean hasModel() {
        return activeSlot >= 0;
    }

    static BoardInfo parse(ByteBuffer r) {
        return new BoardInfo(string(r), string(r), Short.toUnsignedInt(r.getShort()), string(r), Short.toUnsignedInt(r.getShort()),
                u32(r), u32(r), u32(r), u32(r), r.get() != 0, slot(r.get()),
                u32(r), u32(r), u32(r), u32(r), Short.toUnsignedInt(r.getShort()), u32(r), LoadStatus.parse(r), u32(r), u32(r));
    }

    private static int slot(byte raw) {
        return (raw & 0xFF) == 0xFF ? -1 : raw & 0xFF;
    }

    static long u32(ByteBuffer r) {
        return Integer.toUnsignedLong(r.getInt());
    }

    static String string(ByteBuffer r) {
        byte[] bytes = new byte[r.get() & 0xFF];
        r.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Upload state of the inactive slot: what the board holds and which offset it expects next. */
    public record LoadStatus(int state, long total, long crc, long nextOffset) {
        public static final int IDLE = 0;
        public static final int RECEIVING = 1;
        public static final int COMPLETE = 2;
        public static final int VERIFIED = 3;

        static LoadStatus parse(ByteBuffer r) {
            return new LoadStatus(r.get() & 0xFF, u32(r), u32(r), u32(r));
        }
    }
}
