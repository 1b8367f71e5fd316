package studio.mammoth.tinyformer.compile;

import studio.mammoth.tinyformer.ir.QuantizedModel;

/**
 * A blob that passed every rule of BLOB_FORMAT.md: its model (sparse layers decoded to dense matrices, the block size
 * kept), the arena plan it carries, and its CRC32.
 */
public record ParsedBlob(QuantizedModel model, MemoryPlan plan, long crc32, int size) {
}
