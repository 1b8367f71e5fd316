#include "rows.h"
#include "requant.h"
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

int16_t kernel_scratch[KERNEL_SCRATCH_BYTES / 2u] __attribute__((aligned(8)));

#if defined(__ARM_FEATURE_DSP)
/* SXTB16 with its ROR #8 operand: bytes 1 and 3 sign-extended in one instruction. */
static inline uint32_t sxtb16_ror8(uint32_t x)
{
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

static inline uint32_t sxtab16_ror8(uint32_t a, uint32_t x)
{
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}
#endif

static inline uint32_t load_word(const void *p)
{
    uint32_t v;
    __builtin_memcpy(&v, p, 4); /* an LDR on Cortex-M7, which allows unaligned word loads */
    return v;
}

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

void column_put(int16_t *col, uint32_t start, const int8_t *x, uint32_t n, int32_t zero_point)
{
    uint32_t j = 0;
#if defined(__ARM_FEATURE_DSP)
    if ((start & 3u) == 0) {
        /* SXTAB16 adds the sign-extended bytes 0,2 (or 1,3 after ROR 8) to -zero_point in both halves. */
        uint32_t offset = ((uint32_t)(-zero_point) & 0xFFFFu) * 0x10001u;
        uint32_t *out = (uint32_t *)(col + start);
        for (; j + 4 <= n; j += 4) {
            uint32_t bytes = load_word(x + j);
            *out++ = __sxtab16(offset, bytes);
            *out++ = sxtab16_ror8(offset, bytes);
        }
    }
#endif
    for (; j < n; j++) {
        col[column_position(start + j)] = (int16_t)(x[j] - zero_point);
    }
}

void column_zero(int16_t *col, uint32_t start, uint32_t n)
{
    for (uint32_t j = 0; j < n; j++) {
        col[column_position(start + j)] = 0;
    }
}

int32_t column_sum(const int16_t *col, uint32_t n)
{
    int32_t sum = 0;
    for (uint32_t j = 0; j < n; j++) {
        sum += col[column_position(j)];
    }
    return sum;
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

/* The per-row parameters copied out of the weights_t: stores through an int8_t pointer may alias
 * anything, so reading them through wt inside the loops would reload every field on every row.
 * The activation range is kept relative to the zero point (low = act_min - zp, high = act_max - zp,
 * both inside [-256, 255] since |zp| <= 128): clamping there and adding zp afterwards gives the same
 * integers as tf_output's [-256, 255] pre-clamp, + zp, clamp to [act_min, act_max]. */
typedef struct {
    const int32_t *restrict bias, *restrict mult, *restrict shift;
    int32_t zero_point;
    int32_t low, high;
} output_params_t;

/* The requantisation constants of one row, loaded once and shared by every column of a pass. */
typedef struct {
    int32_t bias, mult, shift;
    uint32_t right, mask; /* shift <= 0: exponent -shift of the rounding right shift and its mask */
} row_scale_t;

static inline row_scale_t row_scale(const output_params_t *p, uint32_t r)
{
    row_scale_t s = {p->bias[r], p->mult[r], p->shift[r], 0u, 0u};
    s.right = s.shift <= 0 ? (uint32_t)-s.shift : 0u; /* shift >= -31: validated by blob.c */
    s.mask = (1u << s.right) - 1u;
    return s;
}

/* Multipliers >= 1 (a saturating left shift first) are rare: kept out of line so that the compiler
 * does not hoist their 64-bit set-up into the loops of the usual case. */
static __attribute__((noinline, cold)) int32_t requantize_left_shift(int32_t x, int32_t mult, int32_t shift)
{
    return tf_requantize(x, mult, shift);
}

/* tf_output (requant.h) of bias + acc for one row: the same integers, with the right shift of the
 * usual case (multiplier < 1) branch-free on the row's precomputed mask. */
static inline int8_t output_stage(const output_params_t *p, const row_scale_t *s, int32_t acc)
{
    int32_t v;
    if (__builtin_expect(s->shift <= 0, 1)) {
        v = tf_round_shift_masked(tf_high_mul(s->bias + acc, s->mult), s->right, s->mask);
    } else {
        v = requantize_left_shift(s->bias + acc, s->mult, s->shift);
    }
    v = v < p->low ? p->low : v;
    v = v > p->high ? p->high : v;
    return (int8_t)(v + p->zero_point);
}

/* Sparse rows with blocks of BLOCK weights (a compile-time constant in each instantiation, so the
 * group loop unrolls and the pointers stay in registers). A pointer walks the column, jumping over
 * the skipped blocks; only kept blocks cost multiply-accumulates. */
static inline __attribute__((always_inline)) void sparse_rows(const weights_t *wt, const int16_t *col,
                                                              int8_t *restrict out, const output_params_t p,
                                                              const uint32_t block)
{
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    const uint16_t *counts = wt->counts;
    const uint32_t rows = wt->rows;
    for (uint32_t r = 0; r < rows; r++) {
        const uint8_t *skip_end = skip + counts[r];
        const int16_t *c = col;
        int32_t acc = 0;
        while (skip < skip_end) {
            c += *skip++ * block;
            acc = dot_groups(value, c, block / 4u, acc);
            value += block;
            c += block;
        }
        const row_scale_t s = row_scale(&p, r);
        out[r] = output_stage(&p, &s, acc);
    }
}

/* Blocks of one weight: the column position of each kept weight goes through the reordered layout. */
static void sparse_rows_single(const weights_t *wt, const int16_t *col, int8_t *restrict out, const output_params_t p)
{
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    const uint16_t *counts = wt->counts;
    const uint32_t rows = wt->rows;
    for (uint32_t r = 0; r < rows; r++) {
        const uint8_t *skip_end = skip + counts[r];
        uint32_t position = 0;
        int32_t acc = 0;
        while (skip < skip_end) {
            position += *skip++;
            acc += *value++ * col[column_position(position)];
            position++;
        }
        const row_scale_t s = row_scale(&p, r);
        out[r] = output_stage(&p, &s, acc);
    }
}

static output_params_t output_params(const weights_t *wt, int32_t zero_point, act_t act)
{
    return (output_params_t){wt->bias, wt->mult, wt->shift, zero_point, act.min - zero_point, act.max - zero_point};
}

void rows_apply(const weights_t *wt, const int16_t *col, int8_t *out, int32_t zero_point, act_t act)
{
    const output_params_t p = output_params(wt, zero_point, act);
    if (wt->dense != NULL) {
        const int8_t *w = wt->dense;
        const uint32_t rows = wt->rows, length = wt->length;
        for (uint32_t r = 0; r < rows; r++, w += length) {
            const int32_t acc = dot_dense(w, col, length);
            const row_scale_t s = row_scale(&p, r);
            out[r] = output_stage(&p, &s, acc);
        }
        return;
    }
    switch (wt->block) {
    case 4: sparse_rows(wt, col, out, p, 4); break;
    case 8: sparse_rows(wt, col, out, p, 8); break;
    case 16: sparse_rows(wt, col, out, p, 16); break;
    default: sparse_rows_single(wt, col, out, p); break;
    }
}

#if defined(__ARM_FEATURE_DSP)
/* One group (four values, one aligned doubleword: kernel_scratch and the pair stride are multiples
 * of 8 bytes) of a column with one LDRD, stepping the pointer past it. */
static inline void load_group(const int16_t **column, uint32_t *low, uint32_t *high)
{
    __asm__("ldrd %0, %1, [%2], #8" : "=r"(*low), "=r"(*high), "+r"(*column) : : "memory");
}
#endif

/* Two columns through the same groups of one kept block, each column pointer stepped past the block:
 * the weight word is loaded and unpacked (SXTB16) once for both. */
static inline __attribute__((always_inline)) void dot_groups_pair(const int8_t *w, const int16_t **col_a,
                                                                  const int16_t **col_b, uint32_t groups,
                                                                  int32_t *acc_a, int32_t *acc_b)
{
#if defined(__ARM_FEATURE_DSP)
    uint32_t sum_a = (uint32_t)*acc_a, sum_b = (uint32_t)*acc_b;
#pragma GCC unroll 4
    for (uint32_t g = 0; g < groups; g++) {
        const uint32_t weights = load_word(w + 4 * g);
        const uint32_t even = __sxtb16(weights), odd = sxtb16_ror8(weights);
        uint32_t a0, a1, b0, b1;
        load_group(col_a, &a0, &a1);
        load_group(col_b, &b0, &b1);
        sum_a = __smlad(even, a0, sum_a);
        sum_a = __smlad(odd, a1, sum_a);
        sum_b = __smlad(even, b0, sum_b);
        sum_b = __smlad(odd, b1, sum_b);
    }
    *acc_a = (int32_t)sum_a;
    *acc_b = (int32_t)sum_b;
#else
    *acc_a = dot_groups(w, *col_a, groups, *acc_a);
    *acc_b = dot_groups(w, *col_b, groups, *acc_b);
    *col_a += 4u * groups;
    *col_b += 4u * groups;
#endif
}

/* sparse_rows for two columns (col and col + stride) and their two outputs (out and out + rows):
 * each run header and kept block is read once per pass instead of once per column. */
static inline __attribute__((always_inline)) void sparse_rows_pair(const weights_t *wt, const int16_t *col,
                                                                   uint32_t stride, int8_t *restrict out,
                                                                   const output_params_t p, const uint32_t block)
{
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    const uint16_t *counts = wt->counts;
    const uint32_t rows = wt->rows;
    for (uint32_t r = 0; r < rows; r++) {
        const uint8_t *skip_end = skip + counts[r];
        const int16_t *a = col, *b = col + stride; /* two pointers: no per-block address sum */
        int32_t acc_a = 0, acc_b = 0;
        while (skip < skip_end) {
            const uint32_t jump = *skip++ * block;
            a += jump;
            b += jump;
            dot_groups_pair(value, &a, &b, block / 4u, &acc_a, &acc_b); /* steps a and b past the block */
            value += block;
        }
        const row_scale_t s = row_scale(&p, r);
        out[r] = output_stage(&p, &s, acc_a);
        out[rows + r] = output_stage(&p, &s, acc_b);
    }
}

static void sparse_rows_single_pair(const weights_t *wt, const int16_t *col, uint32_t stride, int8_t *restrict out,
                                    const output_params_t p)
{
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    const uint16_t *counts = wt->counts;
    const uint32_t rows = wt->rows;
    const int16_t *col_b = col + stride;
    for (uint32_t r = 0; r < rows; r++) {
        const uint8_t *skip_end = skip + counts[r];
        uint32_t position = 0;
        int32_t acc_a = 0, acc_b = 0;
        while (skip < skip_end) {
            position += *skip++;
            const uint32_t at = column_position(position);
            acc_a += *value * col[at];
            acc_b += *value++ * col_b[at];
            position++;
        }
        const row_scale_t s = row_scale(&p, r);
        out[r] = output_stage(&p, &s, acc_a);
        out[rows + r] = output_stage(&p, &s, acc_b);
    }
}

uint32_t rows_pair_stride(const weights_t *wt)
{
    const uint32_t stride = (wt->length + 3u) & ~3u; /* whole groups: the second column stays word-aligned */
    return wt->dense == NULL && 2u * stride <= KERNEL_COLUMN_MAX ? stride : 0u;
}

void rows_apply_pair(const weights_t *wt, const int16_t *col, uint32_t stride, int8_t *out, int32_t zero_point,
                     act_t act)
{
    const output_params_t p = output_params(wt, zero_point, act);
    switch (wt->block) {
    case 4: sparse_rows_pair(wt, col, stride, out, p, 4); break;
    case 8: sparse_rows_pair(wt, col, stride, out, p, 8); break;
    case 16: sparse_rows_pair(wt, col, stride, out, p, 16); break;
    default: sparse_rows_single_pair(wt, col, stride, out, p); break;
    }
}
