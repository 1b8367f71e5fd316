/*
 * libFuzzer harness of the blob validator: the input is a candidate blob whose total_size and CRC fields
 * are patched to match (otherwise nearly every mutation dies at the CRC check), then parsed; a blob the
 * validator accepts is run once through the interpreter and every kernel it names, so any validated blob
 * that could make a kernel read or write out of bounds is caught by AddressSanitizer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "blob.h"
#include "board.h"
#include "crc32.h"
#include "engine.h"

/* Keeps each run short: models of at most this many multiply-accumulates (approximated by size) run. */
#define MAX_BLOB_BYTES (256u * 1024u)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int initialised;
    if (!initialised) {
        board_init();
        initialised = 1;
    }
    if (size > MAX_BLOB_BYTES) {
        return 0;
    }
    uint8_t *blob = aligned_alloc(16, (size + 15u) & ~(size_t)15u);
    if (blob == NULL) {
        return 0;
    }
    memcpy(blob, data, size);
    if (size >= 16) {
        uint32_t total = (uint32_t)size, crc = crc32_compute(blob + 16, size - 16);
        for (int i = 0; i < 4; i++) {
            blob[8 + i] = (uint8_t)(total >> (8 * i));
            blob[12 + i] = (uint8_t)(crc >> (8 * i));
        }
    }
    if (engine_load(blob, (uint32_t)size) == BLOB_OK) {
        const blob_model_t *model = engine_model();
        if (model != NULL) {
            uint8_t *input = calloc(model->input_bytes, 1);
            engine_result_t result;
            uint32_t detail;
            engine_infer(input, model->input_bytes, &result, &detail);
            free(input);
        }
    }
    engine_load(NULL, 0); /* the blob memory goes away: drop the engine's pointer into it */
    free(blob);
    return 0;
}
