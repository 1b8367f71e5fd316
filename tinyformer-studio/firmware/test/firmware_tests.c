/*
 * Host tests of SparseEngine (gcc, AddressSanitizer + UBSan): every kernel against the Java reference
 * interpreter's vectors (docs/tinyformer/KERNEL_VECTORS.md), the blob parser + interpreter on the
 * one-layer and whole-model blobs, and the protocol handlers through the host board.
 *   firmware-tests VECTOR_DIR
 * Prints one line per vector file and exits non-zero on the first mismatch count > 0.
 * The same program runs on QEMU's Cortex-M7 (`make cortex-m-test`, test/cortex_m/), where the kernels take
 * their DSP paths: SIMD instructions and hand-written assembly, which the host build never compiles.
 */
#if defined(__arm__)
#include <malloc.h>
#else
#include <dirent.h>
#endif
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blob.h"
#include "board.h"
#include "bench.h"
#include "board_host.h"
#include "commands.h"
#include "crc32.h"
#include "engine.h"
#include "frame.h"
#include "kernels/kernels.h"
#include "kernels/requant.h"
#include "kernels/rows.h"

static int failures;

#define CHECK(cond, ...)                                                 \
    do {                                                                 \
        if (!(cond)) {                                                   \
            failures++;                                                  \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);         \
            fprintf(stderr, __VA_ARGS__);                                \
            fprintf(stderr, "\n");                                       \
        }                                                                \
    } while (0)

/* ---- vector files ---- */

typedef struct {
    char name[256];
    uint8_t type;
    uint32_t count;
    void *data; /* aligned copy */
} entry_t;

typedef struct {
    entry_t entries[64];
    int n;
} vectors_t;

static const int type_width[] = {0, 1, 1, 2, 2, 4, 4, 8, 8};

/* 16-byte aligned memory, as blobs and tensors expect (newlib's aligned_alloc needs posix_memalign, which it lacks). */
static void *aligned_block(size_t bytes)
{
#if defined(__arm__)
    return memalign(16, bytes);
#else
    return aligned_alloc(16, bytes);
#endif
}

static int load_vectors(const char *path, vectors_t *v)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)size);
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(buf);
        return -1;
    }
    fclose(f);
    int ok = size >= 12 && memcmp(buf, "TFKV", 4) == 0;
    uint32_t count = ok ? buf[8] | buf[9] << 8 | buf[10] << 16 | (uint32_t)buf[11] << 24 : 0;
    long at = 12;
    v->n = 0;
    for (uint32_t i = 0; ok && i < count && v->n < 64; i++) {
        entry_t *e = &v->entries[v->n++];
        uint8_t len = buf[at++];
        memcpy(e->name, buf + at, len);
        e->name[len] = 0;
        at += len;
        e->type = buf[at++];
        e->count = buf[at] | buf[at + 1] << 8 | buf[at + 2] << 16 | (uint32_t)buf[at + 3] << 24;
        at += 4;
        size_t bytes = (size_t)e->count * (size_t)type_width[e->type <= 8 ? e->type : 0];
        e->data = aligned_block((bytes + 31u) & ~(size_t)15u);
        memcpy(e->data, buf + at, bytes);
        at += (long)bytes;
    }
    free(buf);
    return ok ? 0 : -1;
}

static void free_vectors(vectors_t *v)
{
    for (int i = 0; i < v->n; i++) {
        free(v->entries[i].data);
    }
}

static const entry_t *find(const vectors_t *v, const char *name)
{
    for (int i = 0; i < v->n; i++) {
        if (strcmp(v->entries[i].name, name) == 0) {
            return &v->entries[i];
        }
    }
    return NULL;
}

static void *get(const vectors_t *v, const char *name)
{
    const entry_t *e = find(v, name);
    return e ? e->data : NULL;
}

static int32_t get_i32(const vectors_t *v, const char *name)
{
    const int32_t *p = get(v, name);
    return p ? p[0] : 0;
}

static tensor_t tensor_of(const vectors_t *v, const char *data, const char *shape, const char *zp, int8_t *storage)
{
    const uint16_t *s = get(v, shape);
    tensor_t t = {storage ? storage : get(v, data), s[0], s[1], s[2], get_i32(v, zp)};
    return t;
}

static int compare(const char *what, const int8_t *got, const int8_t *expected, uint32_t n)
{
    uint32_t mismatches = 0, first = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (got[i] != expected[i]) {
            if (mismatches++ == 0) {
                first = i;
            }
        }
    }
    CHECK(mismatches == 0, "%s: %" PRIu32 " of %" PRIu32 " bytes differ (first at %" PRIu32 ": got %d, expected %d)", what, mismatches, n, first,
          got[first], expected[first]);
    return mismatches == 0;
}

/* ---- operator vectors ---- */

static void run_operator(const char *file, const vectors_t *v)
{
    const uint8_t op = *(const uint8_t *)get(v, "op");
    const entry_t *expected = find(v, "expected");
    int8_t *out_data = calloc(expected->count + 16, 1);
    tensor_t in = tensor_of(v, "in0", "in0_shape", "in0_zp", NULL);
    tensor_t out = tensor_of(v, NULL, "out_shape", "out_zp", out_data);
    tensor_t in1 = find(v, "in1") ? tensor_of(v, "in1", "in1_shape", "in1_zp", NULL) : in;
    const int8_t *act_raw = get(v, "act");
    act_t act = {act_raw ? act_raw[0] : -128, act_raw ? act_raw[1] : 127};
    const uint8_t *w8 = get(v, "window");
    window_t win = {0};
    if (w8) {
        win = (window_t){w8[0], w8[1], w8[2], w8[3], w8[4], w8[6]};
    }
    const int32_t *rq = get(v, "requant");
    const uint16_t *heads = get(v, "heads");
    if (op == OP_CONV2D || op == OP_DEPTHWISE_CONV2D || op == OP_FULLY_CONNECTED) {
        uint32_t rows = op == OP_DEPTHWISE_CONV2D ? in.c : out.c;
        uint32_t length = op == OP_FULLY_CONNECTED ? in.c : op == OP_CONV2D ? (uint32_t)win.kernel_h * win.kernel_w * in.c
                                                                          : (uint32_t)win.kernel_h * win.kernel_w;
        weights_t wt = weights_view(get(v, "weights"), rows, length, *(const uint8_t *)get(v, "block_size"),
                                    get(v, "bias"), get(v, "mult"), get(v, "shift"));
        if (op == OP_CONV2D) {
            conv2d(&in, &out, &wt, &win, act);
        } else if (op == OP_DEPTHWISE_CONV2D) {
            depthwise_conv2d(&in, &out, &wt, &win, act);
        } else {
            fully_connected(&in, &out, &wt, act);
        }
    } else if (op == OP_ADD) {
        int32_t mult[3] = {rq[0], rq[2], rq[4]}, shift[3] = {rq[1], rq[3], rq[5]};
        add_s8(&in, &in1, &out, mult, shift, act);
    } else if (op == OP_AVG_POOL2D) {
        avg_pool2d(&in, &out, &win, rq[0], rq[1], act);
    } else if (op == OP_LAYER_NORM) {
        layer_norm(&in, &out, get(v, "gamma"), get(v, "beta"), rq[0], rq[1], act);
    } else if (op == OP_ATTN_SCORES) {
        attn_scores(&in, &in1, &out, heads[0], rq[0], rq[1], act);
    } else if (op == OP_SOFTMAX) {
        softmax_s8(&in, &out, get(v, "exp_table"));
    } else if (op == OP_ATTN_CONTEXT) {
        attn_context(&in, &in1, &out, heads[0], rq[0], rq[1], act);
    } else if (op == OP_GELU) {
        lookup_s8(&in, &out, get(v, "table"));
    }
    compare(file, out_data, expected->data, expected->count);
    free(out_data);

    /* The same operator through the blob validator and the interpreter. */
    const entry_t *blob = find(v, "blob");
    if (blob) {
        uint32_t detail = 0;
        engine_result_t result;
        int status = engine_load(blob->data, blob->count);
        CHECK(status == BLOB_OK, "%s: one-layer blob rejected (status %d, index %u)", file, status,
              engine_model() ? 0 : 0);
        if (status == BLOB_OK) {
            int code = engine_infer(get(v, "in0"), find(v, "in0")->count, &result, &detail);
            CHECK(code == 0, "%s: engine_infer error %d (detail %" PRIu32 ")", file, code, detail);
            if (code == 0) {
                char what[300];
                snprintf(what, sizeof what, "%s (blob)", file);
                compare(what, result.output, expected->data, expected->count);
            }
        }
    }
}

static void run_model(const char *file, const vectors_t *v)
{
    const entry_t *blob = find(v, "blob");
    int status = engine_load(blob->data, blob->count);
    CHECK(status == BLOB_OK, "%s: model blob rejected (status %d)", file, status);
    for (int i = 0; status == BLOB_OK; i++) {
        char in_name[32], out_name[32];
        snprintf(in_name, sizeof in_name, "input_%d", i);
        snprintf(out_name, sizeof out_name, "expected_%d", i);
        const entry_t *input = find(v, in_name), *expected = find(v, out_name);
        if (!input || !expected) {
            break;
        }
        engine_result_t result;
        uint32_t detail;
        int code = engine_infer(input->data, input->count, &result, &detail);
        CHECK(code == 0 && result.output_length == expected->count, "%s: inference %d failed (%d)", file, i, code);
        if (code == 0) {
            char what[300];
            snprintf(what, sizeof what, "%s %s", file, out_name);
            compare(what, result.output, expected->data, expected->count);
        }
    }
}

static void run_primitives(const char *file, const vectors_t *v)
{
    if (strstr(file, "requantize")) {
        const entry_t *x = find(v, "x");
        const int32_t *mult = get(v, "mult"), *shift = get(v, "shift"), *expected = get(v, "expected");
        uint32_t bad = 0;
        for (uint32_t i = 0; i < x->count; i++) {
            bad += tf_requantize(((const int32_t *)x->data)[i], mult[i], shift[i]) != expected[i];
        }
        CHECK(bad == 0, "%s: %" PRIu32 " of %" PRIu32 " differ", file, bad, x->count);
    } else {
        const entry_t *n = find(v, "n");
        const uint32_t *expected = get(v, "expected");
        uint32_t bad = 0;
        for (uint32_t i = 0; i < n->count; i++) {
            bad += isqrt64(((const uint64_t *)n->data)[i]) != expected[i];
        }
        CHECK(bad == 0, "%s: %" PRIu32 " of %" PRIu32 " differ", file, bad, n->count);
    }
}

/* ---- the kernels' output stage against tf_output ---- */

static uint32_t test_random(uint32_t *state)
{
    uint32_t x = *state; /* xorshift32 */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* channel_requantize (the one-rounding multiply-accumulate; tf_requantize, clamped to tf_output's [-256, 255]
 * pre-clamp for multipliers >= 1/4) + output_clamp, and the output loop of the tiles and depthwise kernels
 * (requantize_strided: the usual, raised, tie-free and out-of-line cases), must give tf_output's integers for every
 * shift, the int32 extremes, both multiplier extremes, random values and exact ties, in both clamp forms. */
static void test_output_stage(void)
{
    static const int32_t edges[] = {INT32_MIN, INT32_MIN + 1, -1073741825, -1073741824, -65537, -65536, -32769, -2, -1,
                                    0, 1, 2, 32767, 65536, 1073741823, 1073741824, INT32_MAX - 1, INT32_MAX};
    static const int8_t acts[][2] = {{-128, 127}, {0, 127}, {-29, 127}, {-128, 6}, {5, 5}};
    uint32_t state = 20261123u, checked = 0, bad = 0;
    for (int32_t shift = -31; shift <= 30; shift++) {
        for (uint32_t trial = 0; trial < 4000u; trial++) {
            const int32_t mult = trial == 0 || trial % 50u == 0u ? (1 << 30)
                                 : trial == 1                        ? INT32_MAX
                                                                     : (int32_t)((1u << 30) + (test_random(&state) >> 2));
            int32_t x;
            if (trial < sizeof edges / sizeof edges[0]) {
                x = edges[trial];
            } else if (trial % 50u == 0u && shift <= -2) { /* exactly halfway: x * 2^30 = (k + 1/2) 2^(31 - shift) */
                x = (int32_t)((test_random(&state) % 1024u) * 2u + 1u) * (1 << (-shift < 20 ? -shift : 20)) *
                    (trial % 100u == 0u ? -1 : 1);
            } else if (trial % 2u == 0u) {
                x = (int32_t)test_random(&state);
            } else { /* near a rounding boundary of the final shift */
                x = (int32_t)(test_random(&state) >> (trial % 31u)) * (trial % 3u == 0u ? -1 : 1);
            }
            const int32_t zp = (int32_t)(test_random(&state) % 256u) - 128;
            const int8_t *act = acts[trial % 5u];
            const channel_scale_t cs = channel_scale(mult, shift);
            const output_range_t range = output_range(zp, act[0], act[1]);
            const int8_t expected = tf_output(x, mult, shift, zp, act[0], act[1]);
            const int32_t requantized = channel_requantize(&cs, x), exact = tf_requantize(x, mult, shift);
            bad += shift <= -2 ? requantized != exact : requantized != clamp_i32(exact, -256, 255);
            bad += output_clamp(&range, channel_requantize(&cs, x), range.full_range) != expected;
            bad += output_clamp(&range, channel_requantize(&cs, x), 0) != expected;
            int8_t strided;
            requantize_strided(&x, 1u, &strided, 1u, &cs, &range);
            bad += strided != expected;
            checked++;
        }
    }
    CHECK(bad == 0, "output stage: %" PRIu32 " of %" PRIu32 " cases differ from tf_output", bad, checked);
}

/* The on-board benchmark's dense and sparse kernels over the same weights must agree: every block
 * size, densities from all-pruned to dense, odd pixel counts (a tile's single last column), several
 * tiles per layer, rows without kept blocks (constant outputs) and runs long enough for fillers.
 * Depthwise and one-channel convolution, dense and sparse: the padded plane with a partial last
 * group of channels (7 and 6 channels), several runs of pixel sums (40x40), and maps whose plane
 * does not fit (64x64: the depthwise border path, the one-channel convolution's rows and tiles).
 * (Dense against the Java reference, plane and all: the operator vectors.) */
static void test_dense_sparse_agree(void)
{
    typedef struct {
        uint8_t kind;
        uint16_t h, w, cin, cout;
        uint8_t kernel, stride, block;
    } shape_t;
    static const shape_t shapes[] = {
        {0, 9, 7, 1, 16, 3, 2, 1},   {0, 9, 9, 32, 24, 3, 1, 4},  {0, 7, 5, 32, 40, 1, 1, 8},  {0, 5, 5, 16, 12, 3, 1, 16},
        {0, 6, 6, 8, 8, 5, 2, 8},     {1, 9, 7, 24, 24, 3, 1, 1},  {1, 8, 8, 12, 12, 5, 2, 1},  {1, 5, 6, 7, 7, 7, 1, 1},
        {2, 5, 7, 128, 36, 1, 1, 4}, {2, 1, 1, 128, 10, 1, 1, 1}, {2, 3, 3, 64, 64, 1, 1, 16}, {2, 1, 3, 4096, 4, 1, 1, 1},
        {0, 28, 28, 32, 8, 3, 1, 4}, {1, 40, 40, 6, 6, 3, 1, 1}, {1, 64, 64, 4, 4, 3, 1, 1},
        {0, 64, 64, 1, 4, 3, 1, 1}};
    static const uint16_t densities[] = {0, 1, 50, 100, 300, 700, 1000};
    uint32_t cases = 0, differ = 0;
    for (uint32_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        for (uint32_t d = 0; d < sizeof densities / sizeof densities[0]; d++) {
            const shape_t *sh = &shapes[i];
            bench_request_t q = {sh->kind, sh->h, sh->w, sh->cin, sh->cout, sh->kernel, sh->stride, sh->block,
                                 densities[d], 7u + i * 31u + d};
            bench_result_t result;
            uint32_t detail = 0;
            const int code = bench_run(&q, &result, &detail);
            CHECK(code == 0, "bench shape %" PRIu32 " density %" PRIu32 ": error %d (detail %" PRIu32 ")", i, densities[d], code, detail);
            differ += code == 0 && !result.outputs_equal;
            cases++;
        }
    }
    CHECK(differ == 0, "dense and sparse kernels differ in %" PRIu32 " of %" PRIu32 " cases", differ, cases);
}

/* Depthwise channels with one or two taps take their own interior loop; the benchmark runs it with
 * the full activation range only. Here: dense versus block run-length (B = 1) weights of the same
 * channels, with clamped ranges and a shift of the rare kind too. */
static void test_sparse_depthwise_clamped(void)
{
    enum { H = 7, W = 6, C = 5, K = 3, TAPS = K * K };
    static const int8_t acts[][2] = {{0, 127}, {-128, 6}, {-128, 127}};
    uint32_t state = 99u, bad = 0;
    int8_t input[H * W * C], dense[C * TAPS], out_dense[H * W * C], out_sparse[H * W * C];
    int32_t bias[C], mult[C], shift[C];
    uint8_t encoded[4 * C + 2 * C * TAPS];
    for (uint32_t trial = 0; trial < 30u; trial++) {
        for (uint32_t i = 0; i < sizeof input; i++) {
            input[i] = (int8_t)test_random(&state);
        }
        memset(dense, 0, sizeof dense);
        for (uint32_t c = 0; c < C; c++) { /* channel c keeps c % 3 taps: 0, 1 or 2 */
            for (uint32_t k = 0; k < c % 3u; k++) {
                dense[c * TAPS + test_random(&state) % TAPS] = (int8_t)(test_random(&state) % 255u) - 127;
            }
            bias[c] = (int32_t)(test_random(&state) % 4001u) - 2000;
            mult[c] = (int32_t)((1u << 30) + (test_random(&state) >> 2));
            shift[c] = trial % 5u == 0u ? -1 : -6 - (int32_t)(test_random(&state) % 3u);
        }
        /* B = 1 run-length encoding: counts, skips, values (BLOB_FORMAT.md §7.2; no run exceeds 255). */
        uint16_t counts[C];
        uint8_t skips[C * TAPS];
        int8_t values[C * TAPS];
        uint32_t kept = 0;
        for (uint32_t c = 0; c < C; c++) {
            uint32_t run = 0;
            counts[c] = 0;
            for (uint32_t t = 0; t < TAPS; t++) {
                if (dense[c * TAPS + t] == 0) {
                    run++;
                    continue;
                }
                skips[kept] = (uint8_t)run;
                values[kept++] = dense[c * TAPS + t];
                counts[c]++;
                run = 0;
            }
        }
        const uint32_t counts_bytes = (2u * C + 3u) & ~3u, skips_bytes = (kept + 3u) & ~3u;
        memset(encoded, 0, sizeof encoded);
        memcpy(encoded, counts, sizeof counts);
        memcpy(encoded + counts_bytes, skips, kept);
        memcpy(encoded + counts_bytes + skips_bytes, values, kept);
        tensor_t in = {input, H, W, C, -7};
        const window_t win = {K, K, 1, 1, 1, 1};
        const act_t act = {acts[trial % 3u][0], acts[trial % 3u][1]};
        weights_t wd = weights_view((const uint8_t *)dense, C, TAPS, 0, bias, mult, shift);
        weights_t ws = weights_view(encoded, C, TAPS, 1, bias, mult, shift);
        tensor_t od = {out_dense, H, W, C, 9}, os = {out_sparse, H, W, C, 9};
        depthwise_conv2d(&in, &od, &wd, &win, act);
        depthwise_conv2d(&in, &os, &ws, &win, act);
        bad += memcmp(out_dense, out_sparse, sizeof out_dense) != 0;
    }
    CHECK(bad == 0, "sparse depthwise with few taps differs from dense in %" PRIu32 " of 30 trials", bad);
}

/* ---- protocol through the host board ---- */

static frame_parser_t reply_parser;

/* Sends one request frame through the firmware's parser and handlers; returns the reply frame. */
static frame_t exchange(const uint8_t *wire, size_t length)
{
    static frame_parser_t parser;
    frame_t reply = {0};
    host_board_clear_sent();
    for (size_t i = 0; i < length; i++) {
        frame_event_t ev = frame_parser_push(&parser, wire[i]);
        if (ev == FRAME_READY) {
            commands_handle(&parser.frame);
        } else if (ev != FRAME_PENDING) {
            commands_reject_frame(ev, &parser.frame);
        }
    }
    size_t n;
    const uint8_t *sent = host_board_sent(&n);
    for (size_t i = 0; i < n; i++) {
        if (frame_parser_push(&reply_parser, sent[i]) == FRAME_READY) {
            reply = reply_parser.frame;
        }
    }
    return reply;
}

static frame_t request(uint8_t type, const uint8_t *payload, uint16_t length)
{
    static uint8_t wire[FRAME_MAX_PAYLOAD + 16];
    static uint8_t seq;
    size_t n = frame_encode(wire, sizeof wire, type, ++seq, payload, length);
    return exchange(wire, n);
}

static uint32_t u32_at(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static void test_protocol(const vectors_t *model)
{
    board_init();
    commands_init();
    frame_parser_reset(&reply_parser);
    frame_t r = request(MSG_PING, NULL, 0);
    CHECK(r.type == (MSG_PING | MSG_REPLY_FLAG) && u32_at(r.payload) == PING_MAGIC, "ping reply");

    uint8_t wire[64];
    size_t n = frame_encode(wire, sizeof wire, MSG_INFO, 9, NULL, 0);
    wire[n - 1] ^= 0x01;
    r = exchange(wire, n);
    CHECK(r.type == MSG_ERROR && r.payload[1] == ERR_FRAME_CRC, "damaged frame gets a CRC error reply");

    const entry_t *blob = find(model, "blob");
    uint8_t p[FRAME_MAX_PAYLOAD];
    put32(p, 0xFFFFFFF0u);
    put32(p + 4, 0);
    r = request(MSG_LOAD_BEGIN, p, 8);
    CHECK(r.type == MSG_ERROR && r.payload[1] == ERR_NO_SPACE, "oversized upload refused");

    put32(p, blob->count);
    put32(p + 4, crc32_compute(blob->data, blob->count));
    r = request(MSG_LOAD_BEGIN, p, 8);
    CHECK(r.type == (MSG_LOAD_BEGIN | MSG_REPLY_FLAG), "load begin");
    r = request(MSG_ACTIVATE, NULL, 0);
    CHECK(r.type == MSG_ERROR && r.payload[1] == ERR_NOT_VERIFIED, "activate before verify refused");
    for (uint32_t off = 0; off < blob->count;) {
        uint32_t len = blob->count - off < LOAD_CHUNK_MAX ? blob->count - off : LOAD_CHUNK_MAX;
        put32(p, off);
        memcpy(p + 4, (const uint8_t *)blob->data + off, len);
        r = request(MSG_LOAD_CHUNK, p, (uint16_t)(4 + len));
        CHECK(r.type == (MSG_LOAD_CHUNK | MSG_REPLY_FLAG), "chunk at %u", (unsigned)off);
        off = u32_at(r.payload + 9);
        if (r.type != (MSG_LOAD_CHUNK | MSG_REPLY_FLAG)) {
            break;
        }
    }
    r = request(MSG_VERIFY, NULL, 0);
    CHECK(r.type == (MSG_VERIFY | MSG_REPLY_FLAG), "verify");
    r = request(MSG_ACTIVATE, NULL, 0);
    CHECK(r.type == (MSG_ACTIVATE | MSG_REPLY_FLAG), "activate");
    const entry_t *input = find(model, "input_0"), *expected = find(model, "expected_0");
    r = request(MSG_INFER, input->data, (uint16_t)input->count);
    CHECK(r.type == (MSG_INFER | MSG_REPLY_FLAG), "infer");
    if (r.type == (MSG_INFER | MSG_REPLY_FLAG)) {
        compare("protocol inference", (const int8_t *)r.payload + 10, expected->data, expected->count);
    }
    r = request(MSG_INFER, input->data, 3);
    CHECK(r.type == MSG_ERROR && r.payload[1] == ERR_INPUT_SIZE, "wrong input size refused");

    /* A new model re-initialised from the store must come back (boot path). */
    commands_init();
    r = request(MSG_INFER, input->data, (uint16_t)input->count);
    CHECK(r.type == (MSG_INFER | MSG_REPLY_FLAG), "model active after re-initialisation from the store");
}

/* The names in the vector directory: its listing on the host; on the Cortex-M build, where semihosting has no
 * directories, the lines of VECTOR_DIR/index.txt (written by `make cortex-m-test`). */
typedef struct {
#if defined(__arm__)
    FILE *index;
    char line[256];
#else
    DIR *dir;
#endif
} listing_t;

static int listing_open(listing_t *l, const char *dir)
{
#if defined(__arm__)
    char path[4096];
    snprintf(path, sizeof path, "%s/index.txt", dir);
    l->index = fopen(path, "r");
    return l->index != NULL;
#else
    l->dir = opendir(dir);
    return l->dir != NULL;
#endif
}

static const char *listing_next(listing_t *l)
{
#if defined(__arm__)
    if (!fgets(l->line, sizeof l->line, l->index)) {
        return NULL;
    }
    l->line[strcspn(l->line, "\r\n")] = 0;
    return l->line;
#else
    const struct dirent *d = readdir(l->dir);
    return d ? d->d_name : NULL;
#endif
}

static void listing_close(listing_t *l)
{
#if defined(__arm__)
    fclose(l->index);
#else
    closedir(l->dir);
#endif
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
        return 2;
    }
    listing_t listing;
    if (!listing_open(&listing, argv[1])) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 2;
    }
    board_init();
    int files = 0;
    vectors_t model = {0};
    const char *name;
    while ((name = listing_next(&listing)) != NULL) {
        if (!strstr(name, ".tfkv")) {
            continue;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[1], name);
        vectors_t v;
        if (load_vectors(path, &v) != 0) {
            CHECK(0, "%s: unreadable vector file", path);
            continue;
        }
        int before = failures;
        if (strncmp(name, "model_", 6) == 0) {
            run_model(name, &v);
        } else if (find(&v, "op")) {
            run_operator(name, &v);
        } else {
            run_primitives(name, &v);
        }
        printf("%-40s %s\n", name, failures == before ? "ok" : "FAILED");
        files++;
        if (strcmp(name, "model_hybrid_sparsity80.tfkv") == 0) {
            model = v;
        } else {
            free_vectors(&v);
        }
    }
    listing_close(&listing);
    int before = failures;
    test_output_stage();
    printf("%-40s %s\n", "output stage (requantisation, clamp)", failures == before ? "ok" : "FAILED");
    before = failures;
    test_dense_sparse_agree();
    test_sparse_depthwise_clamped();
    printf("%-40s %s\n", "dense and sparse kernels agree", failures == before ? "ok" : "FAILED");
    if (model.n > 0) {
        before = failures;
        test_protocol(&model);
        printf("%-40s %s\n", "protocol (host board)", failures == before ? "ok" : "FAILED");
        free_vectors(&model);
    }
    printf("%d vector files, %d failures\n", files, failures);
    return failures == 0 && files > 0 ? 0 : 1;
}
