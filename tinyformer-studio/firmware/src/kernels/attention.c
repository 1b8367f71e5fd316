/* ATTN_SCORES (Q K^T per head), SOFTMAX (exp table) and ATTN_CONTEXT (P V per head):
 * INTEGER_SEMANTICS.md §4.7-4.9. Both matmuls are dots of two int16 vectors of (x - zero_point),
 * padded with zeros to a multiple of four: on the DSP path one SMLAD multiplies two pairs. One operand
 * is copied into the scratch once per head (keys, or V transposed; in chunks when they do not fit),
 * four vectors interleaved word by word, so that one LDM fetches a word of each for four SMLADs;
 * the other operand once per row. The sums are exact integers, so the order does not change them.
 * The output stage is the weighted kernels' (channel_requantize + output_clamp = tf_output). */
#include "kernels.h"
#include "requant.h"
#include "rows.h"

/* The values x[j * stride] - zero_point for j < n, then zeros up to `padded`, as int16 pairs: pair k (values 2k and
 * 2k + 1) at dst + 2 k words_apart, i.e. one word after another (words_apart 1) or every fourth word (4: one of four
 * interleaved vectors). */
static void put_pairs(int16_t *dst, const int8_t *x, uint32_t stride, uint32_t n, uint32_t padded, int32_t zero_point,
                      uint32_t words_apart)
{
    const uint32_t pair_step = 2u * words_apart;
    uint32_t j = 0;
#if defined(__ARM_FEATURE_DSP)
    if (stride == 1u) { /* a word of four values: bytes 0, 2 and 1, 3 sign-extended, repacked as pairs 0, 1 and 2, 3 */
        const uint32_t zero_points = (uint32_t)(uint16_t)zero_point * 0x00010001u;
        for (; j + 4u <= n; j += 4u, dst += 2u * pair_step) {
            const uint32_t word = load_word(x + j), even = __sxtb16(word), odd = sxtb16_ror8(word);
            store_word(dst, __ssub16((even & 0xffffu) | odd << 16, zero_points));
            store_word(dst + pair_step, __ssub16((odd & 0xffff0000u) | even >> 16, zero_points));
        }
    }
#endif
    for (; j + 2u <= n; j += 2u, dst += pair_step) {
        dst[0] = (int16_t)(x[j * stride] - zero_point);
        dst[1] = (int16_t)(x[(j + 1u) * stride] - zero_point);
    }
    for (; j < padded; j += 2u, dst += pair_step) { /* j + 1 >= n */
        dst[0] = (int16_t)(j < n ? x[j * stride] - zero_point : 0);
        dst[1] = 0;
    }
}

/* sum a[j] * b[j] over 2 * pairs values; a and b 4-byte aligned. */
static inline int32_t dot_pairs(const int16_t *a, const int16_t *b, uint32_t pairs)
{
    int32_t acc = 0;
#if defined(__ARM_FEATURE_DSP)
    const uint32_t *wa = (const uint32_t *)(const void *)a, *wb = (const uint32_t *)(const void *)b;
    for (uint32_t k = 0; k < pairs; k++) {
        acc = (int32_t)__smlad(wa[k], wb[k], (uint32_t)acc);
    }
#else
    for (uint32_t k = 0; k < 2u * pairs; k++) {
        acc += a[k] * b[k];
    }
#endif
    return acc;
}

/* The dots of a with the four vectors of an interleaved group (put_pairs with words_apart 4): word k of vector r
 * at group[4 k + r]. `pairs` is even. */
static inline void dot_pairs_x4(const int16_t *a, const int16_t *group, uint32_t pairs, int32_t acc[4])
{
#if defined(__ARM_FEATURE_DSP)
    const uint32_t *wa = (const uint32_t *)(const void *)a, *const end = wa + pairs;
    const uint32_t *wb = (const uint32_t *)(const void *)group;
    uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, x0, x1;
    /* LDM fills its registers in ascending order from ascending addresses: the four words' registers are fixed */
    register uint32_t y0 __asm__("r8"), y1 __asm__("r9"), y2 __asm__("r10"), y3 __asm__("r11");
    /* two words of a per pass: one LDRD, two LDMs and eight SMLADs (13 instructions with the loop; with one LDR
     * per word of each vector it took 22). Written out: gcc neither emits LDM for this nor keeps the accumulators
     * in place. */
    __asm__("1:\n\t"
            "ldrd %[x0], %[x1], [%[wa]], #8\n\t"
            "ldmia %[wb]!, {%[y0], %[y1], %[y2], %[y3]}\n\t"
            "smlad %[a0], %[x0], %[y0], %[a0]\n\t"
            "smlad %[a1], %[x0], %[y1], %[a1]\n\t"
            "smlad %[a2], %[x0], %[y2], %[a2]\n\t"
            "smlad %[a3], %[x0], %[y3], %[a3]\n\t"
            "ldmia %[wb]!, {%[y0], %[y1], %[y2], %[y3]}\n\t"
            "smlad %[a0], %[x1], %[y0], %[a0]\n\t"
            "smlad %[a1], %[x1], %[y1], %[a1]\n\t"
            "smlad %[a2], %[x1], %[y2], %[a2]\n\t"
            "smlad %[a3], %[x1], %[y3], %[a3]\n\t"
            "cmp %[wa], %[end]\n\t"
            "bne 1b"
            : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [wa] "+r"(wa), [wb] "+r"(wb),
              [x0] "=&r"(x0), [x1] "=&r"(x1), [y0] "=&r"(y0), [y1] "=&r"(y1), [y2] "=&r"(y2), [y3] "=&r"(y3)
            : [end] "r"(end)
            : "cc", "memory");
    acc[0] = (int32_t)a0;
    acc[1] = (int32_t)a1;
    acc[2] = (int32_t)a2;
    acc[3] = (int32_t)a3;
#else
    for (uint32_t r = 0; r < 4u; r++) {
        acc[r] = 0;
        for (uint32_t k = 0; k < pairs; k++) {
            acc[r] += a[2u * k] * group[8u * k + 2u * r] + a[2u * k + 1u] * group[8u * k + 2u * r + 1u];
        }
    }
#endif
}

/* out[j] = tf_output of a . b_j for j < n: the b vectors of `padded` values in interleaved groups of four, then the
 * n % 4 others one after another. */
static inline __attribute__((always_inline)) void dots_output(const int16_t *a, const int16_t *b, uint32_t padded,
                                                              uint32_t n, int8_t *out, const channel_scale_t *s,
                                                              const output_range_t *o, const int common)
{
    const uint32_t pairs = padded / 2u;
    uint32_t j = 0;
    for (; j + 4u <= n; j += 4u) {
        int32_t acc[4];
        dot_pairs_x4(a, b + j * padded, pairs, acc);
        for (uint32_t r = 0; r < 4u; r++) {
            out[j + r] = scaled_output(s, o, acc[r], common);
        }
    }
    for (; j < n; j++) {
        out[j] = scaled_output(s, o, dot_pairs(a, b + j * padded, pairs), common);
    }
}

/* One operand of a matmul: vector v starts at data + v * vector_step, its elements element_step apart. */
typedef struct {
    const int8_t *data;
    uint32_t vector_step, element_step;
    int32_t zero_point;
} operand_t;

/* out[i * out_row + j] = tf_output of (a_i - zp_a) . (b_j - zp_b) for i < rows, j < count, vectors of
 * `length` (<= KERNEL_COLUMN_MAX / 2, a multiple of four, blob.c): the b vectors go into the scratch once (in chunks when
 * they do not fit), each a vector once per chunk. */
static inline __attribute__((always_inline)) void matmul_output(operand_t a, uint32_t rows, operand_t b, uint32_t count,
                                                                uint32_t length, int8_t *out, uint32_t out_row,
                                                                const channel_scale_t *s, const output_range_t *o,
                                                                const int common)
{
    const uint32_t padded = (length + 3u) & ~3u; /* an even number of pairs: dot_pairs_x4 takes two at a time */
    int16_t *row = kernel_scratch, *vectors = kernel_scratch + padded;
    const uint32_t fit = (KERNEL_COLUMN_MAX - padded) / padded, chunk = fit < count ? fit : count;
    for (uint32_t j0 = 0; j0 < count; j0 += chunk) {
        const uint32_t n = count - j0 < chunk ? count - j0 : chunk, grouped = n & ~3u;
        for (uint32_t j = 0; j < n; j++) {
            /* vector j: in its group of four at word j % 4, or alone after the groups */
            int16_t *dst = j < grouped ? vectors + (j & ~3u) * padded + 2u * (j & 3u) : vectors + j * padded;
            put_pairs(dst, b.data + (j0 + j) * b.vector_step, b.element_step, length, padded, b.zero_point,
                      j < grouped ? 4u : 1u);
        }
        for (uint32_t i = 0; i < rows; i++) {
            put_pairs(row, a.data + i * a.vector_step, a.element_step, length, padded, a.zero_point, 1u);
            dots_output(row, vectors, padded, n, out + i * out_row + j0, s, o, common);
        }
    }
}

/* Per head: queries times keys, T x T scores. */
static inline __attribute__((always_inline)) void scores_range(const tensor_t *q, const tensor_t *k, tensor_t *out,
                                                                uint32_t heads, const channel_scale_t *s,
                                                                const output_range_t *o, const int common)
{
    const uint32_t tokens = (uint32_t)q->h * q->w, width = q->c, head_width = width / heads;
    for (uint32_t head = 0; head < heads; head++) {
        const operand_t queries = {q->data + head * head_width, width, 1, q->zero_point};
        const operand_t keys = {k->data + head * head_width, width, 1, k->zero_point};
        matmul_output(queries, tokens, keys, tokens, head_width, out->data + head * tokens * tokens, tokens, s, o,
                      common);
    }
}

void attn_scores(const tensor_t *q, const tensor_t *k, tensor_t *out, uint32_t heads, int32_t mult, int32_t shift,
                 act_t act)
{
    channel_scale_t s = channel_scale(mult, shift);
    const output_range_t o = output_range(out->zero_point, act.min, act.max);
    if (prepare_common_output(&s, &o)) {
        scores_range(q, k, out, heads, &s, &o, 1);
    } else {
        scores_range(q, k, out, heads, &s, &o, 0);
    }
}

/* The largest of x[0..n), n >= 1. */
static int32_t row_max(const int8_t *x, uint32_t n)
{
    int32_t max = x[0];
    uint32_t j = 1;
#if defined(__ARM_FEATURE_DSP)
    if (n >= 4u) { /* four running maxima, one per byte lane: SSUB8 sets a lane's GE flag where w >= m, SEL takes it */
        uint32_t lanes = load_word(x), difference;
        for (j = 4; j + 4u <= n; j += 4u) {
            const uint32_t w = load_word(x + j);
            __asm__("ssub8 %[d], %[w], %[m]\n\tsel %[m], %[w], %[m]"
                    : [m] "+r"(lanes), [d] "=&r"(difference)
                    : [w] "r"(w)
                    : "cc");
        }
        for (uint32_t lane = 0; lane < 32u; lane += 8u) {
            const int32_t v = (int8_t)(lanes >> lane);
            max = v > max ? v : max;
        }
    }
#endif
    for (; j < n; j++) {
        max = x[j] > max ? x[j] : max;
    }
    return max;
}

void softmax_s8(const tensor_t *in, tensor_t *out, const uint16_t *exp_table)
{
    const uint32_t rows = (uint32_t)in->h * in->w, n = in->c;
    uint16_t *e = (uint16_t *)(void *)kernel_scratch; /* one row's exponentials: n <= MAX_SOFTMAX_ROW (blob.c) */
    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *x = in->data + r * n;
        int8_t *o = out->data + r * n;
        const int32_t max = row_max(x, n);
        uint32_t sum = 0;
        for (uint32_t j = 0; j < n; j++) {
            e[j] = exp_table[max - x[j]];
            sum += e[j];
        }
        const uint32_t half = sum >> 1;
        for (uint32_t j = 0; j < n; j++) {
            const uint32_t p = (((uint32_t)e[j] << 8) + half) / sum; /* in [0, 256]: 256 saturates to 255 */
#if defined(__ARM_FEATURE_DSP)
            o[j] = (int8_t)(__usat((int32_t)p, 8) - 128);
#else
            o[j] = (int8_t)(p > 255u ? 127 : (int32_t)p - 128);
#endif
        }
    }
}

/* Per head: probabilities times the columns of V, into the head's slice of every token. */
static inline __attribute__((always_inline)) void context_range(const tensor_t *p, const tensor_t *v, tensor_t *out,
                                                                 uint32_t heads, const channel_scale_t *s,
                                                                 const output_range_t *o, const int common)
{
    const uint32_t tokens = (uint32_t)v->h * v->w, width = v->c, head_width = width / heads;
    for (uint32_t head = 0; head < heads; head++) {
        const operand_t probabilities = {p->data + head * tokens * tokens, tokens, 1, p->zero_point};
        const operand_t columns = {v->data + head * head_width, 1, width, v->zero_point};
        matmul_output(probabilities, tokens, columns, head_width, tokens, out->data + head * head_width, width, s, o,
                      common);
    }
}

void attn_context(const tensor_t *p, const tensor_t *v, tensor_t *out, uint32_t heads, int32_t mult, int32_t shift,
                  act_t act)
{
    channel_scale_t s = channel_scale(mult, shift);
    const output_range_t o = output_range(out->zero_point, act.min, act.max);
    if (prepare_common_output(&s, &o)) {
        context_range(p, v, out, heads, &s, &o, 1);
    } else {
        context_range(p, v, out, heads, &s, &o, 0);
    }
}
