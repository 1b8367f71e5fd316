#include "bench.h"
#include <string.h>
#include "board.h"
#include "kernels/kernels.h"
#include "protocol.h"

enum { BENCH_CONV2D = 0, BENCH_DEPTHWISE = 1, BENCH_FULLY_CONNECTED = 2 };

static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state; /* xorshift32 */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

int bench_parse(wire_reader_t *r, bench_request_t *q, uint32_t *detail)
{
    q->kind = wire_u8(r);
    q->h = wire_u16(r);
    q->w = wire_u16(r);
    q->cin = wire_u16(r);
    q->cout = wire_u16(r);
    q->kernel = wire_u8(r);
    q->stride = wire_u8(r);
    q->block = wire_u8(r);
    q->density_permille = wire_u16(r);
    q->seed = wire_u32(r);
    int bad = r->overrun || wire_remaining(r) != 0 || q->kind > BENCH_FULLY_CONNECTED || q->h == 0 || q->w == 0
              || q->cin == 0 || q->cout == 0 || q->kernel == 0 || q->stride == 0 || q->density_permille > 1000
              || !(q->block == 1 || q->block == 4 || q->block == 8 || q->block == 16) || q->seed == 0;
    if (q->kind == BENCH_FULLY_CONNECTED) {
        bad = bad || q->kernel != 1 || q->stride != 1;
    }
    if (q->kind == BENCH_DEPTHWISE) {
        bad = bad || q->cout != q->cin || ((uint32_t)q->kernel * q->kernel) % q->block != 0;
    } else {
        bad = bad || q->cin % q->block != 0;
    }
    if (bad) {
        *detail = r->overrun ? 0 : q->kind;
        return ERR_BAD_PAYLOAD;
    }
    return 0;
}

static uint8_t *take(uint8_t **cursor, uint8_t *end, uint32_t bytes)
{
    uint8_t *p = *cursor;
    if (p == NULL || bytes > (uint32_t)(end - p)) {
        *cursor = NULL;
        return NULL;
    }
    *cursor = p + ((bytes + 3u) & ~3u);
    return p;
}

static int block_is_zero(const int8_t *v, uint32_t block)
{
    for (uint32_t i = 0; i < block; i++) {
        if (v[i] != 0) {
            return 0;
        }
    }
    return 1;
}

/* Encodes dense rows into the block run-length format of BLOB_FORMAT.md §7.2; returns its size. */
static uint32_t encode_sparse(const int8_t *dense, uint32_t rows, uint32_t length, uint32_t block, uint8_t *out,
                              weights_t *wt)
{
    const uint32_t blocks = length / block;
    uint32_t kept = 0;
    for (uint32_t r = 0; r < rows; r++) {
        uint32_t run = 0;
        for (uint32_t b = 0; b < blocks; b++) {
            if (block_is_zero(dense + r * length + b * block, block)) {
                run++;
                continue;
            }
            kept += 1 + run / 256u; /* fillers for runs above 255 */
            run = 0;
        }
    }
    const uint32_t counts_bytes = (2u * rows + 3u) & ~3u, skips_bytes = (kept + 3u) & ~3u;
    uint16_t *counts = (uint16_t *)(void *)out;
    uint8_t *skips = out + counts_bytes;
    int8_t *values = (int8_t *)(skips + skips_bytes);
    memset(out, 0, counts_bytes + skips_bytes);
    uint32_t k = 0;
    for (uint32_t r = 0; r < rows; r++) {
        uint32_t run = 0, row_count = 0;
        for (uint32_t b = 0; b < blocks; b++) {
            const int8_t *v = dense + r * length + b * block;
            if (block_is_zero(v, block)) {
                run++;
                continue;
            }
            for (; run > 255u; run -= 256u, k++, row_count++) {
                skips[k] = 255;
                memset(values + k * block, 0, block);
            }
            skips[k] = (uint8_t)run;
            memcpy(values + k * block, v, block);
            k++;
            row_count++;
            run = 0;
        }
        counts[r] = (uint16_t)row_count;
    }
    wt->counts = counts;
    wt->skips = skips;
    wt->values = values;
    wt->block = block;
    wt->dense = NULL;
    return counts_bytes + skips_bytes + kept * block;
}

static void run_kernel(const bench_request_t *q, const tensor_t *in, tensor_t *out, const weights_t *wt)
{
    window_t win = {q->kernel, q->kernel, q->stride, q->stride, (uint8_t)(q->kernel / 2), (uint8_t)(q->kernel / 2)};
    act_t act = {-128, 127};
    if (q->kind == BENCH_CONV2D) {
        conv2d(in, out, wt, &win, act);
    } else if (q->kind == BENCH_DEPTHWISE) {
        depthwise_conv2d(in, out, wt, &win, act);
    } else {
        fully_connected(in, out, wt, act);
    }
}

int bench_run(const bench_request_t *q, bench_result_t *result, uint32_t *detail)
{
    const int is_fc = q->kind == BENCH_FULLY_CONNECTED;
    const uint32_t pad = q->kernel / 2u;
    const uint32_t out_h = is_fc ? q->h : ((uint32_t)q->h + 2u * pad - q->kernel) / q->stride + 1u;
    const uint32_t out_w = is_fc ? q->w : ((uint32_t)q->w + 2u * pad - q->kernel) / q->stride + 1u;
    const uint32_t rows = q->cout;
    const uint32_t length = q->kind == BENCH_DEPTHWISE ? (uint32_t)q->kernel * q->kernel
                                                       : (uint32_t)q->kernel * q->kernel * q->cin;
    if ((q->kind == BENCH_DEPTHWISE ? length * 16u : length * 2u) > KERNEL_SCRATCH_BYTES || q->h + 2u * pad < q->kernel
        || q->w + 2u * pad < q->kernel) {
        *detail = length;
        return ERR_BAD_PAYLOAD;
    }
    const uint32_t in_bytes = (uint32_t)q->h * q->w * q->cin, out_bytes = out_h * out_w * rows;
    const uint64_t dense_bytes = (uint64_t)rows * length;
    uint8_t *cursor = board_arena(), *end = board_arena() + board_arena_size();
    int8_t *input = (int8_t *)take(&cursor, end, in_bytes);
    int8_t *dense = (int8_t *)take(&cursor, end, dense_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)dense_bytes);
    int32_t *params = (int32_t *)(void *)take(&cursor, end, 12u * rows);
    int8_t *out_dense = (int8_t *)take(&cursor, end, out_bytes);
    int8_t *out_sparse = (int8_t *)take(&cursor, end, out_bytes);
    /* worst case of the sparse encoding: every block kept, plus counts and skips */
    uint8_t *encoded = take(&cursor, end, (uint32_t)(dense_bytes + dense_bytes / q->block + 2u * rows + 8u));
    if (cursor == NULL) {
        *detail = board_arena_size();
        return ERR_ARENA;
    }
    uint32_t state = q->seed;
    for (uint32_t i = 0; i < in_bytes; i++) {
        input[i] = (int8_t)(next_random(&state) & 0xFFu);
    }
    uint32_t nonzero = 0;
    for (uint32_t r = 0; r < rows; r++) {
        for (uint32_t b = 0; b < length / q->block; b++) {
            int keep = next_random(&state) % 1000u < q->density_permille;
            for (uint32_t i = 0; i < q->block; i++) {
                int8_t v = 0;
                if (keep) {
                    v = (int8_t)((int32_t)(next_random(&state) % 255u) - 127);
                    v = v == 0 ? 1 : v;
                    nonzero++;
                }
                dense[r * length + b * q->block + i] = v;
            }
        }
        params[r] = (int32_t)(next_random(&state) % 20001u) - 10000;   /* bias */
        params[rows + r] = (1 << 30) + (int32_t)(next_random(&state) % (1u << 29)); /* mult */
        params[2 * rows + r] = -8 - (int32_t)(next_random(&state) % 4u);            /* shift */
    }
    tensor_t in = {input, q->h, q->w, q->cin, -3};
    tensor_t out_d = {out_dense, (uint16_t)out_h, (uint16_t)out_w, (uint16_t)rows, 5};
    tensor_t out_s = {out_sparse, (uint16_t)out_h, (uint16_t)out_w, (uint16_t)rows, 5};
    weights_t dense_wt = {rows, length, dense, NULL, NULL, NULL, 0, params, params + rows, params + 2 * rows};
    weights_t sparse_wt = dense_wt;
    result->encoded_bytes = encode_sparse(dense, rows, length, q->block, encoded, &sparse_wt);

    uint64_t start = board_ticks();
    run_kernel(q, &in, &out_d, &dense_wt);
    uint64_t middle = board_ticks();
    run_kernel(q, &in, &out_s, &sparse_wt);
    uint64_t stop = board_ticks();

    result->dense_units = board_ticks_to_units(middle - start);
    result->sparse_units = board_ticks_to_units(stop - middle);
    result->nonzero_weights = nonzero;
    result->total_weights = rows * length;
    result->outputs_equal = memcmp(out_dense, out_sparse, out_bytes) == 0;
    return 0;
}
