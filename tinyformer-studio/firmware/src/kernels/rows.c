#include "rows.h"
#include "requant.h"
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

int16_t kernel_scratch[KERNEL_SCRATCH_BYTES / 2u] __attribute__((aligned(8)));

#if defined(__ARM_FEATURE_DSP)
static inline uint32_t sxtab16_ror8(uint32_t a, uint32_t x)
{
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}
#endif

weights_t weights_view(const uint8_t *bytes, uint32_t rows, uint32_t length, uint32_t block, const int32_t *bias,
                       const int32_t *mult, const int32_t *shift)
{
    weights_t wt = {rows, length, NULL, NULL, NULL, NULL, 0, bias, mult, shift};
    if (block == 0) {
        wt.dense = (const int8_t *)bytes;
        return wt;
    }
    const uint32_t counts_bytes = (2u * rows + 3u) & ~3u;
    const uint16_t *counts = (const uint16_t *)(const void *)bytes;
    uint32_t kept = 0;
    for (uint32_t r = 0; r < rows; r++) {
        kept += counts[r];
    }
    wt.counts = counts;
    wt.skips = bytes + counts_bytes;
    wt.values = (const int8_t *)(bytes + counts_bytes + ((kept + 3u) & ~3u));
    wt.block = block;
    return wt;
}

#if defined(__ARM_FEATURE_DSP)
/* The whole groups of x[0..n) (n a multiple of four) into a group-aligned column position, two groups a pass:
 * SXTAB16 adds the sign-extended bytes 0,2 (or 1,3 after ROR 8) to -zero_point in both halves. GROUP_STRIDE is a
 * compile-time constant, so the stores take immediate offsets. */
static inline __attribute__((always_inline)) void column_groups(uint32_t *out, const int8_t *x, uint32_t n,
                                                                uint32_t offset, const uint32_t group_stride)
{
    const int8_t *const pairs_end = x + (n & ~7u), *const end = x + n;
    for (; x < pairs_end; x += 8, out += group_stride) {
        const uint32_t a = load_word(x), b = load_word(x + 4);
        out[0] = __sxtab16(offset, a);
        out[1] = sxtab16_ror8(offset, a);
        out[group_stride / 2u] = __sxtab16(offset, b);
        out[group_stride / 2u + 1u] = sxtab16_ror8(offset, b);
    }
    if (x < end) {
        const uint32_t a = load_word(x);
        out[0] = __sxtab16(offset, a);
        out[1] = sxtab16_ror8(offset, a);
    }
}
#endif

void column_put(int16_t *col, uint32_t group_stride, uint32_t start, const int8_t *x, uint32_t n, int32_t zero_point)
{
    uint32_t j = 0;
#if defined(__ARM_FEATURE_DSP)
    if ((start & 3u) == 0) {
        const uint32_t offset = ((uint32_t)(-zero_point) & 0xFFFFu) * 0x10001u;
        uint32_t *out = (uint32_t *)(col + column_index(start, group_stride));
        j = n & ~3u;
        if (group_stride == TILE_GROUP_STRIDE) {
            column_groups(out, x, j, offset, TILE_GROUP_STRIDE);
        } else {
            column_groups(out, x, j, offset, COLUMN_GROUP_STRIDE);
        }
    }
#endif
    for (; j < n; j++) {
        col[column_index(start + j, group_stride)] = (int16_t)(x[j] - zero_point);
    }
}

void column_zero(int16_t *col, uint32_t group_stride, uint32_t start, uint32_t n)
{
    for (uint32_t j = 0; j < n; j++) {
        col[column_index(start + j, group_stride)] = 0;
    }
}

/* Groups of four from a group-aligned column position. */
static inline __attribute__((always_inline)) int32_t dot_groups(const int8_t *w, const int16_t *col, uint32_t groups, int32_t acc)
{
#if defined(__ARM_FEATURE_DSP)
    const uint32_t *c = (const uint32_t *)col;
#pragma GCC unroll 4 /* a whole 16-weight block without loop overhead or spills */
    for (uint32_t g = 0; g < groups; g++) {
        uint32_t weights = load_word(w + 4 * g);
        acc = (int32_t)__smlad(__sxtb16(weights), c[2 * g], (uint32_t)acc);
        acc = (int32_t)__smlad(sxtb16_ror8(weights), c[2 * g + 1], (uint32_t)acc);
    }
#else
    for (uint32_t g = 0; g < groups; g++) {
        const int8_t *wg = w + 4 * g;
        const int16_t *cg = col + 4 * g;
        acc += wg[0] * cg[0] + wg[2] * cg[1] + wg[1] * cg[2] + wg[3] * cg[3];
    }
#endif
    return acc;
}

int32_t dot_dense(const int8_t *w, const int16_t *col, uint32_t n)
{
    uint32_t groups = n / 4u;
    int32_t acc = dot_groups(w, col, groups, 0);
    for (uint32_t i = groups * 4u; i < n; i++) {
        acc += w[i] * col[column_position(i)];
    }
    return acc;
}

/* tf_output's requantisation for multipliers >= 1/4, with its pre-clamp (declared in requant.h). */
int32_t requantize_rare(int32_t x, int32_t mult, int32_t shift)
{
    return clamp_i32(tf_requantize(x, mult, shift), -256, 255);
}

/* Sparse rows of one column with blocks of BLOCK weights (a compile-time constant in each
 * instantiation, so the group loop unrolls). A pointer walks the column, jumping over the skipped
 * blocks; only kept blocks cost multiply-accumulates. */
static inline __attribute__((always_inline)) void sparse_rows(const weights_t *wt, const int16_t *col,
                                                              int8_t *restrict out, const output_range_t o,
                                                              const uint32_t block, const int full_range)
{
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    const uint16_t *counts = wt->counts;
    const uint32_t rows = wt->rows;
    for (uint32_t r = 0; r < rows; r++) {
        const uint8_t *skip_end = skip + counts[r];
        int32_t acc = wt->bias[r];
        if (block == 1) { /* the column position of each kept weight goes through the reordered layout */
            uint32_t position = 0;
            while (skip < skip_end) {
                position += *skip++;
                acc += *value++ * col[column_position(position)];
                position++;
            }
        } else {
            const int16_t *c = col;
            while (skip < skip_end) {
                c += *skip++ * block;
                acc = dot_groups(value, c, block / 4u, acc);
                value += block;
                c += block;
            }
        }
        const channel_scale_t s = channel_scale(wt->mult[r], wt->shift[r]);
        out[r] = output_clamp(&o, channel_requantize(&s, acc), full_range);
    }
}

static inline __attribute__((always_inline)) void dense_rows(const weights_t *wt, const int16_t *col,
                                                             int8_t *restrict out, const output_range_t o,
                                                             const int full_range)
{
    const int8_t *w = wt->dense;
    const uint32_t rows = wt->rows, length = wt->length;
    for (uint32_t r = 0; r < rows; r++, w += length) {
        const int32_t acc = wt->bias[r] + dot_dense(w, col, length);
        const channel_scale_t s = channel_scale(wt->mult[r], wt->shift[r]);
        out[r] = output_clamp(&o, channel_requantize(&s, acc), full_range);
    }
}

static inline __attribute__((always_inline)) void rows_apply_range(const weights_t *wt, const int16_t *col,
                                                                   int8_t *out, const output_range_t o,
                                                                   const int full_range)
{
    if (wt->dense != NULL) {
        dense_rows(wt, col, out, o, full_range);
        return;
    }
    switch (wt->block) {
    case 4: sparse_rows(wt, col, out, o, 4, full_range); break;
    case 8: sparse_rows(wt, col, out, o, 8, full_range); break;
    case 16: sparse_rows(wt, col, out, o, 16, full_range); break;
    default: sparse_rows(wt, col, out, o, 1, full_range); break;
    }
}

void rows_apply(const weights_t *wt, const int16_t *col, int8_t *out, int32_t zero_point, act_t act)
{
    const output_range_t o = output_range(zero_point, act.min, act.max);
    if (o.full_range) {
        rows_apply_range(wt, col, out, o, 1);
    } else {
        rows_apply_range(wt, col, out, o, 0);
    }
}

/* ---- Sparse rows over a tile of columns ----
 *
 * Walking the run-length rows once per column repeats, for every pixel / token, the work that does
 * not depend on the column: reading run headers, turning them into column positions, loading and
 * unpacking the weight words, loading the row's requantisation constants. With a tile of columns
 * in the scratch, each row is decoded once into a small program - one record per kept block: the
 * block's byte offset in a quad of columns and its weights already unpacked into SMLAD operands -
 * and the program then runs over the tile a quad at a time: each record is loaded once for four
 * columns, whose words it reaches from one base address with immediate offsets (group g of lane k
 * at 32 g + 8 k bytes). Filler blocks (all zeros) are dropped from the program; a row without kept
 * blocks has the same output, requant(bias), for every column: these constants are written once
 * per column as a whole output pixel, and only the other rows run.
 *
 * Record of a block of B >= 4 weights: offset, then per group of four: (w0, w2) and (w1, w3) as
 * int16 pairs - the SMLAD operands against the reordered column words (x0, x2) and (x1, x3).
 * Record of a one-weight block: offset of its reordered position in lane 0, weight.
 */
static inline uint32_t record_words(uint32_t block)
{
    return block == 1 ? 2u : 1u + block / 2u;
}

static inline uint32_t unpack_even(uint32_t weights)
{
#if defined(__ARM_FEATURE_DSP)
    return __sxtb16(weights);
#else
    return (uint16_t)(int16_t)(int8_t)weights | (uint32_t)(uint16_t)(int16_t)(int8_t)(weights >> 16) << 16;
#endif
}

static inline uint32_t unpack_odd(uint32_t weights)
{
#if defined(__ARM_FEATURE_DSP)
    return sxtb16_ror8(weights);
#else
    return unpack_even(weights >> 8);
#endif
}

/* acc + the dot product of two int16 pairs (SMLAD). */
static inline int32_t pair_mac(uint32_t a, uint32_t b, int32_t acc)
{
#if defined(__ARM_FEATURE_DSP)
    return (int32_t)__smlad(a, b, (uint32_t)acc);
#else
    return acc + (int16_t)a * (int16_t)b + (int16_t)(a >> 16) * (int16_t)(b >> 16);
#endif
}

/* The record size of a dense row: the longest block of 16, 8 or 4 that divides it (a row of another
 * length ends with zero weights up to whole groups). */
static uint32_t dense_record_block(uint32_t length)
{
    return length % 16u == 0 ? 16u : length % 8u == 0 ? 8u : 4u;
}

tiles_t tiles_plan(const weights_t *wt)
{
    tiles_t plan = {0, 0, 0, NULL, NULL, NULL};
    if (wt->rows == 0) {
        return plan;
    }
    uint32_t longest = 0, empty = 0;
    if (wt->dense != NULL) {
        plan.block = dense_record_block(wt->length);
        longest = (wt->length + plan.block - 1u) / plan.block;
    } else {
        plan.block = wt->block;
        for (uint32_t r = 0; r < wt->rows; r++) {
            longest = wt->counts[r] > longest ? wt->counts[r] : longest;
            empty += wt->counts[r] == 0;
        }
    }
    const uint32_t stride = (wt->length + 3u) & ~3u; /* whole groups: every quad 8-byte aligned */
    const uint32_t program_bytes = longest * record_words(plan.block) * 4u;
    const uint32_t constant_bytes = empty > 0 ? (wt->rows + 7u) & ~7u : 0u;
    const uint32_t fixed = program_bytes + constant_bytes;
    const uint32_t column_bytes = 2u * stride + 4u; /* the column and its sum */
    if (fixed >= KERNEL_SCRATCH_BYTES || (KERNEL_SCRATCH_BYTES - fixed) / column_bytes < 4u) {
        plan.block = 0;
        return plan; /* long rows: one column at a time through rows_apply */
    }
    uint8_t *scratch = (uint8_t *)kernel_scratch;
    plan.stride = stride;
    plan.columns = (KERNEL_SCRATCH_BYTES - fixed) / column_bytes & ~3u; /* whole quads */
    plan.sums = (int32_t *)(void *)(scratch + 2u * stride * plan.columns);
    plan.program = (uint32_t *)(void *)(scratch + KERNEL_SCRATCH_BYTES - program_bytes);
    plan.constants = empty > 0 ? (int8_t *)(scratch + KERNEL_SCRATCH_BYTES - fixed) : NULL;
    return plan;
}

/* The four weights of a dense row from byte `at` on, as one word: bytes past the row read as zero. */
static inline uint32_t dense_word(const int8_t *w, uint32_t length, uint32_t at)
{
    if (at + 4u <= length) {
        return load_word(w + at);
    }
    uint32_t word = 0;
    for (uint32_t j = 0; at + j < length && j < 4u; j++) {
        word |= (uint32_t)(uint8_t)w[at + j] << (8u * j);
    }
    return word;
}

/* Decodes a dense row into records of block weights, every block kept (zero blocks too: a dense
 * kernel does all its multiply-accumulates); returns the number of records. */
static uint32_t decode_dense_row(const int8_t *w, uint32_t length, uint32_t block, uint32_t *program)
{
    uint32_t records = 0;
    for (uint32_t position = 0; position < length; position += block, records++) {
        uint32_t *rec = program + records * record_words(block);
        rec[0] = 2u * column_index(position, TILE_GROUP_STRIDE);
        for (uint32_t g = 0; g < block / 4u; g++) {
            const uint32_t weights = dense_word(w, length, position + 4u * g);
            rec[1u + 2u * g] = unpack_even(weights);
            rec[2u + 2u * g] = unpack_odd(weights);
        }
    }
    return records;
}

/* Decodes the count kept blocks at *skip / *value (advancing both) into program records; returns
 * the number of records (fillers and other all-zero blocks dropped). */
static uint32_t decode_row(uint32_t count, uint32_t block, const uint8_t **skip, const int8_t **value,
                           uint32_t *program)
{
    uint32_t records = 0, position = 0; /* first weight of the next block, in column elements */
    uint32_t *rec = program;
    for (uint32_t k = 0; k < count; k++) {
        position += (uint32_t)(*skip)[k] * block;
        const int8_t *v = *value + k * block;
        if (block == 1) {
            if (v[0] != 0) {
                rec[0] = 2u * column_index(position, TILE_GROUP_STRIDE);
                rec[1] = (uint32_t)(int32_t)v[0];
                rec += 2;
                records++;
            }
        } else {
            uint32_t any = 0;
            for (uint32_t g = 0; g < block / 4u; g++) {
                const uint32_t weights = load_word(v + 4u * g);
                rec[1u + 2u * g] = unpack_even(weights);
                rec[2u + 2u * g] = unpack_odd(weights);
                any |= weights;
            }
            if (any != 0) {
                rec[0] = 2u * column_index(position, TILE_GROUP_STRIDE); /* 8 x position: a whole group */
                rec += 1u + block / 2u;
                records++;
            }
        }
        position += block;
    }
    *skip += count;
    *value += count * block;
    return records;
}

/* Two words at base + offset (4-byte aligned: a group of a column, two sums) with one 8-byte load (LDRD with an
 * immediate offset; the compiler splits a 64-bit load into two LDRs). offset is a constant once the loops are
 * unrolled. */
static inline __attribute__((always_inline)) void load_word_pair(const uint8_t *base, const uint32_t offset,
                                                                 uint32_t *low, uint32_t *high)
{
#if defined(__ARM_FEATURE_DSP)
    __asm__("ldrd %0, %1, [%2, %3]"
            : "=r"(*low), "=r"(*high)
            : "r"(base), "n"(offset), "m"(*(const uint64_t *)(const void *)(base + offset)));
#else
    __builtin_memcpy(low, base + offset, 4);
    __builtin_memcpy(high, base + offset + 4, 4);
#endif
}

/* acc[k] += the record's block times lane k of the quad at quad (the record's offset already added). */
static inline __attribute__((always_inline)) void record_quad(const uint32_t *rec, const uint8_t *quad, int32_t acc[4],
                                                              const uint32_t block)
{
    if (block == 1) {
        const int32_t w = (int32_t)rec[1];
#pragma GCC unroll 4
        for (uint32_t k = 0; k < 4u; k++) {
            acc[k] += w * *(const int16_t *)(const void *)(quad + 8u * k);
        }
        return;
    }
#pragma GCC unroll 4
    for (uint32_t g = 0; g < block / 4u; g++) {
        const uint32_t even = rec[1u + 2u * g], odd = rec[2u + 2u * g];
#pragma GCC unroll 4
        for (uint32_t k = 0; k < 4u; k++) {
            uint32_t x0, x1;
            load_word_pair(quad, 32u * g + 8u * k, &x0, &x1);
            acc[k] = pair_mac(odd, x1, pair_mac(even, x0, acc[k]));
        }
    }
}

#if defined(__ARM_FEATURE_DSP)
/* record_quad of group g of a record of record_bytes that rec has just passed, over the quad at addr (the record's
 * offset added), as assembly: the record's two SMLAD operands in one LDRD, then per lane one LDRD of the column words
 * and two SMLADs. */
#define QUAD_GROUP(g, record_bytes)                                                                                    \
    "ldrd %[even], %[odd], [%[rec], #(4 + 8 * " #g " - " #record_bytes ")]\n\t"                                        \
    "ldrd %[x0], %[x1], [%[addr], #(32 * " #g ")]\n\t"                                                                 \
    "smlad %[a0], %[even], %[x0], %[a0]\n\t"                                                                          \
    "smlad %[a0], %[odd], %[x1], %[a0]\n\t"                                                                           \
    "ldrd %[x0], %[x1], [%[addr], #(32 * " #g " + 8)]\n\t"                                                             \
    "smlad %[a1], %[even], %[x0], %[a1]\n\t"                                                                          \
    "smlad %[a1], %[odd], %[x1], %[a1]\n\t"                                                                           \
    "ldrd %[x0], %[x1], [%[addr], #(32 * " #g " + 16)]\n\t"                                                            \
    "smlad %[a2], %[even], %[x0], %[a2]\n\t"                                                                          \
    "smlad %[a2], %[odd], %[x1], %[a2]\n\t"                                                                           \
    "ldrd %[x0], %[x1], [%[addr], #(32 * " #g " + 24)]\n\t"                                                            \
    "smlad %[a3], %[even], %[x0], %[a3]\n\t"                                                                          \
    "smlad %[a3], %[odd], %[x1], %[a3]\n\t"

/* The program's records (at least one) over one quad: the whole record loop in registers. */
#define QUAD_RECORDS(groups, record_bytes)                                                                             \
    __asm__("1:\n\t"                                                                                                  \
            "ldr %[addr], [%[rec]], #" #record_bytes "\n\t"                                                            \
            "add %[addr], %[addr], %[quad]\n\t" groups                                                                \
            "cmp %[rec], %[end]\n\t"                                                                                  \
            "bne 1b"                                                                                                  \
            : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [rec] "+r"(rec), [addr] "=&r"(addr),        \
              [even] "=&r"(even), [odd] "=&r"(odd), [x0] "=&r"(x0), [x1] "=&r"(x1)                                    \
            : [quad] "r"(col_bytes), [end] "r"(end)                                                                   \
            : "cc", "memory")
#endif

/* Phase 1 of a row over a tile: sums[i] = bias + the program's dot product with column i, a quad of
 * four columns (quad_bytes apart, from col_bytes) per pass. A partly filled last quad is computed
 * whole: its other lanes hold stale scratch values, and their sums land in the tile's room for whole
 * quads (plan.columns) where nothing reads them. */
static inline __attribute__((always_inline)) void tile_row_sums(const uint32_t *program, uint32_t records,
                                                                const uint8_t *col_bytes, uint32_t quad_bytes,
                                                                uint32_t n, int32_t *restrict sums, int32_t bias,
                                                                const uint32_t block)
{
    const uint32_t *end = program + records * record_words(block);
    for (uint32_t i = 0; i < n; i += 4u, col_bytes += quad_bytes) {
#if defined(__ARM_FEATURE_DSP)
        if (block >= 4u) { /* the record loop in assembly: gcc spilled its accumulators around it (26 instructions a quad) */
            int32_t a0 = bias, a1 = bias, a2 = bias, a3 = bias;
            const uint32_t *rec = program;
            uint32_t addr, even, odd, x0, x1;
            if (block == 4u) {
                QUAD_RECORDS(QUAD_GROUP(0, 12), 12);
            } else if (block == 8u) {
                QUAD_RECORDS(QUAD_GROUP(0, 20) QUAD_GROUP(1, 20), 20);
            } else {
                QUAD_RECORDS(QUAD_GROUP(0, 36) QUAD_GROUP(1, 36) QUAD_GROUP(2, 36) QUAD_GROUP(3, 36), 36);
            }
            sums[i] = a0;
            sums[i + 1u] = a1;
            sums[i + 2u] = a2;
            sums[i + 3u] = a3;
            continue;
        }
#endif
        int32_t acc[4] = {bias, bias, bias, bias};
        for (const uint32_t *rec = program; rec < end; rec += record_words(block)) {
            record_quad(rec, col_bytes + rec[0], acc, block);
        }
        sums[i] = acc[0];
        sums[i + 1u] = acc[1];
        sums[i + 2u] = acc[2];
        sums[i + 3u] = acc[3];
    }
}

/* Rows of at most FEW_RECORDS records take tile_record_sums: at 2 the shipped model needs 7.89 M instructions, at 4
 * 7.90 M, at 8 7.94 M, and kernel-bench's 3x3 convolution at 90 % (about 7 records a row) 1.12 M / 1.13 M / 1.20 M.
 * With tile_row_sums's record loop in assembly (session 17), session 16's probe blob needs 4.09 M at 2, 4.10 M at 3. */
#define FEW_RECORDS 2u

/* Phase 1 for rows of few records: the same sums, records outside and quads inside, the sums of a quad
 * loaded and stored around each record. A quad pass of tile_row_sums spends 13 instructions on its own
 * set-up (29 before its record loop was written in assembly); this order pays two LDRDs and two STRDs
 * per quad and record instead, less for up to a few records. The
 * first record starts from the bias instead of loading it (most sparse rows have one record). */
static inline __attribute__((always_inline)) void tile_record_sums(const uint32_t *program, uint32_t records,
                                                                   const uint8_t *col_bytes, uint32_t quad_bytes,
                                                                   uint32_t n, int32_t *restrict sums, int32_t bias,
                                                                   const uint32_t block)
{
    int32_t *const end = sums + ((n + 3u) & ~3u); /* whole quads, as in tile_row_sums */
    if (records == 0) {
        for (int32_t *s = sums; s < end; s += 4) {
            s[0] = bias;
            s[1] = bias;
            s[2] = bias;
            s[3] = bias;
        }
        return;
    }
    const uint8_t *first = col_bytes + program[0];
    for (int32_t *s = sums; s < end; s += 4, first += quad_bytes) {
        int32_t acc[4] = {bias, bias, bias, bias};
        record_quad(program, first, acc, block);
        s[0] = acc[0];
        s[1] = acc[1];
        s[2] = acc[2];
        s[3] = acc[3];
    }
    const uint32_t *const program_end = program + records * record_words(block);
    for (const uint32_t *rec = program + record_words(block); rec < program_end; rec += record_words(block)) {
        const uint8_t *quad = col_bytes + rec[0];
        for (int32_t *s = sums; s < end; s += 4, quad += quad_bytes) {
            int32_t acc[4] = {s[0], s[1], s[2], s[3]};
            record_quad(rec, quad, acc, block);
            s[0] = acc[0];
            s[1] = acc[1];
            s[2] = acc[2];
            s[3] = acc[3];
        }
    }
}

/* One output of a folded usual or raised scale (RAISE, FULL_RANGE and TIE_FREE compile-time constants). */
static inline __attribute__((always_inline)) int8_t usual_output(const channel_scale_t *folded,
                                                                 const output_range_t *absolute, int32_t sum,
                                                                 const uint32_t raise, const int full_range,
                                                                 const int tie_free)
{
    const int32_t a = raise == 0u ? sum : raise_saturated(sum, raise);
    return output_clamp(absolute, tie_free ? channel_requantize_tie_free(folded, a) : channel_requantize_usual(folded, a),
                        full_range);
}

/* Phase 2: out[i * out_stride] = the output stage of sums[i], for the usual scales (shift <= -2,
 * raise 0) and the raised ones (shift -1..1, raise = shift + 2; requant.h), tested once by the callers. A
 * loop of its own, so that the channel's requantisation constants stay in registers. The zero point rides in the
 * rounding constant (fold_zero_point), one instruction less an output. */
static inline __attribute__((always_inline)) void outputs_usual(const int32_t *restrict sums, uint32_t n,
                                                                int8_t *restrict out, uint32_t out_stride,
                                                                const channel_scale_t s, const output_range_t o,
                                                                const uint32_t raise, const int full_range,
                                                                const int tie_free)
{
    channel_scale_t folded = s;
    const output_range_t absolute = fold_zero_point(&folded, &o); /* s.post <= MAX_FOLDED_POST: requantize_strided */
    const int32_t *const end = sums + n, *const quads_end = sums + (n & ~3u);
    /* four outputs a pass: their sums in two LDRDs, their stores at register offsets from one pointer */
    const uint32_t stride2 = 2u * out_stride, stride3 = 3u * out_stride, stride4 = 4u * out_stride;
    for (; sums < quads_end; sums += 4, out += stride4) {
        uint32_t words[4];
        load_word_pair((const uint8_t *)sums, 0u, &words[0], &words[1]);
        load_word_pair((const uint8_t *)sums, 8u, &words[2], &words[3]);
        out[0] = usual_output(&folded, &absolute, (int32_t)words[0], raise, full_range, tie_free);
        out[out_stride] = usual_output(&folded, &absolute, (int32_t)words[1], raise, full_range, tie_free);
        out[stride2] = usual_output(&folded, &absolute, (int32_t)words[2], raise, full_range, tie_free);
        out[stride3] = usual_output(&folded, &absolute, (int32_t)words[3], raise, full_range, tie_free);
    }
    for (; sums < end; sums++, out += out_stride) {
        *out = usual_output(&folded, &absolute, *sums, raise, full_range, tie_free);
    }
}

static inline __attribute__((always_inline)) void outputs_by_range(const int32_t *restrict sums, uint32_t n,
                                                                 int8_t *restrict out, uint32_t out_stride,
                                                                 const channel_scale_t s, const output_range_t o,
                                                                 const uint32_t raise)
{
    const int tie_free = channel_tie_free(&s);
    if (o.full_range) {
        if (tie_free) {
            outputs_usual(sums, n, out, out_stride, s, o, raise, 1, 1);
        } else {
            outputs_usual(sums, n, out, out_stride, s, o, raise, 1, 0);
        }
    } else if (tie_free) {
        outputs_usual(sums, n, out, out_stride, s, o, raise, 0, 1);
    } else {
        outputs_usual(sums, n, out, out_stride, s, o, raise, 0, 0);
    }
}

/* Phase 2 for multipliers >= 2 (shift >= 2) and below 2^-23 (post > MAX_FOLDED_POST: outputs that hardly depend on
 * the sums; out of line, so that the usual loops keep their
 * registers). The constants are copied into locals: the int8 stores may alias anything a pointer
 * reaches. */
static __attribute__((noinline)) void outputs_rare_scale(const int32_t *restrict sums, uint32_t n,
                                                         int8_t *restrict out, uint32_t out_stride,
                                                         const channel_scale_t *scale, const output_range_t *range)
{
    const int32_t *end = sums + n, mult = scale->mult, shift = scale->shift;
    const output_range_t o = *range;
    for (; sums < end; out += out_stride) {
        *out = output_clamp(&o, tf_requantize(*sums++, mult, shift), 0);
    }
}

static void copy_bytes(int8_t *restrict dst, const int8_t *restrict src, uint32_t n)
{
    uint32_t j = 0;
    for (; j + 16u <= n; j += 16u) { /* four words per pass: loads and stores at immediate offsets */
        const uint32_t a = load_word(src + j), b = load_word(src + j + 4u), c = load_word(src + j + 8u),
                       d = load_word(src + j + 12u);
        store_word(dst + j, a);
        store_word(dst + j + 4u, b);
        store_word(dst + j + 8u, c);
        store_word(dst + j + 12u, d);
    }
    for (; j + 4u <= n; j += 4u) {
        store_word(dst + j, load_word(src + j));
    }
    for (; j < n; j++) {
        dst[j] = src[j];
    }
}

void fill_pixels(int8_t *restrict out, const int8_t *restrict pixel, uint32_t size, uint32_t count)
{
#if defined(__ARM_FEATURE_DSP)
    if ((((uintptr_t)out | (uintptr_t)pixel | size) & 3u) == 0 && count != 0) {
        /* word-aligned: each 32 bytes of the pixel in eight registers (one LDM), then one STM per pixel */
        int8_t *const end = out + size * count;
        uint32_t at = 0;
        for (; at + 32u <= size; at += 32u) {
            int8_t *dst = out + at;
            const int8_t *const src = pixel + at, *const last = end + at;
            __asm__ volatile("ldm %[src], {r4-r6, r8-r12}\n\t"
                             "1:\n\t"
                             "stm %[dst], {r4-r6, r8-r12}\n\t"
                             "add %[dst], %[dst], %[size]\n\t"
                             "cmp %[dst], %[last]\n\t"
                             "bne 1b"
                             : [dst] "+r"(dst)
                             : [src] "r"(src), [size] "r"(size), [last] "r"(last)
                             : "r4", "r5", "r6", "r8", "r9", "r10", "r11", "r12", "cc", "memory");
        }
        for (; at < size; at += 4u) {
            const uint32_t word = load_word(pixel + at);
            for (int8_t *dst = out + at; dst < end; dst += size) {
                store_word(dst, word);
            }
        }
        return;
    }
#endif
    for (uint32_t i = 0; i < count; i++) {
        copy_bytes(out + i * size, pixel, size);
    }
}

static inline __attribute__((always_inline)) void tiles_apply_block(const weights_t *wt, const tiles_t *plan,
                                                                    const int16_t *col, uint32_t n,
                                                                    int8_t *out, const output_range_t o,
                                                                    const uint32_t block)
{
    const uint32_t rows = wt->rows;
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    if (plan->constants != NULL) {
        fill_pixels(out, plan->constants, rows, n);
    }
    for (uint32_t r = 0; r < rows; r++) {
        uint32_t records;
        if (wt->dense != NULL) {
            records = decode_dense_row(wt->dense + r * wt->length, wt->length, block, plan->program);
        } else {
            records = decode_row(wt->counts[r], block, &skip, &value, plan->program);
            if (wt->counts[r] == 0 && plan->constants != NULL) {
                continue; /* written with the constants */
            }
        }
        if (records <= FEW_RECORDS) {
            tile_record_sums(plan->program, records, (const uint8_t *)col, 8u * plan->stride, n, plan->sums,
                             wt->bias[r], block);
        } else {
            tile_row_sums(plan->program, records, (const uint8_t *)col, 8u * plan->stride, n, plan->sums, wt->bias[r],
                          block);
        }
        const channel_scale_t s = channel_scale(wt->mult[r], wt->shift[r]);
        requantize_strided(plan->sums, n, out + r, rows, &s, &o);
    }
}

void tiles_constants(const weights_t *wt, const tiles_t *plan, int32_t zero_point, act_t act)
{
    if (plan->constants == NULL) {
        return;
    }
    const output_range_t o = output_range(zero_point, act.min, act.max);
    for (uint32_t r = 0; r < wt->rows; r++) {
        const channel_scale_t s = channel_scale(wt->mult[r], wt->shift[r]);
        plan->constants[r] = output_clamp(&o, channel_requantize(&s, wt->bias[r]), 0);
    }
}

void tiles_apply(const weights_t *wt, const tiles_t *plan, const int16_t *col, uint32_t n, int8_t *out,
                        int32_t zero_point, act_t act)
{
    const output_range_t o = output_range(zero_point, act.min, act.max);
    switch (plan->block) {
    case 4: tiles_apply_block(wt, plan, col, n, out, o, 4); break;
    case 8: tiles_apply_block(wt, plan, col, n, out, o, 8); break;
    case 16: tiles_apply_block(wt, plan, col, n, out, o, 16); break;
    default: tiles_apply_block(wt, plan, col, n, out, o, 1); break;
    }
}

/* Out of line: inlined into the tile loops, its loop lost registers to them (the zero point was
 * reloaded from the stack for every output). */
__attribute__((noinline)) void requantize_strided(const int32_t *sums, uint32_t n, int8_t *out, uint32_t out_stride,
                                                  const channel_scale_t *s, const output_range_t *o)
{
    if (s->shift >= 2 || s->post > MAX_FOLDED_POST) {
        outputs_rare_scale(sums, n, out, out_stride, s, o);
        return;
    }
    switch (s->raise) {
    case 0: outputs_by_range(sums, n, out, out_stride, *s, *o, 0u); break;
    case 1: outputs_by_range(sums, n, out, out_stride, *s, *o, 1u); break;
    case 2: outputs_by_range(sums, n, out, out_stride, *s, *o, 2u); break;
    default: outputs_by_range(sums, n, out, out_stride, *s, *o, MAX_SCALE_RAISE); break;
    }
}
