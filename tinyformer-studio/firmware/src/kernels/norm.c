/* Integer-only LAYER_NORM (I-BERT style, INTEGER_SEMANTICS.md §4.6). */
#include "kernels.h"
#include "requant.h"
#include "rows.h"

/* acc[i] = n_i * gamma[i] + beta[i] with n_i = round(4096 d_i / sigma) (half away from zero) and
 * d_i = D x_i - S, written as x_i * (D << 12) + offset. A loop of its own, apart from the output stage
 * (requantize_strided), so that neither loses its values to the stack. */
static void normalised_sums(const int8_t *x, uint32_t width, int32_t offset, uint32_t sigma, const int32_t *gamma,
                            const int32_t *beta, int32_t *acc)
{
    const int32_t scale = (int32_t)width << 12, half = (int32_t)(sigma >> 1), divisor = (int32_t)sigma; /* < 2^23 */
    for (uint32_t i = 0; i < width; i++) {
        const int32_t a = x[i] * scale + offset; /* 4096 d_i, |a| < 2^30 */
        const int32_t sign = a >> 31;
        /* a signed division truncates towards zero: adding half with a's sign rounds half away from zero */
        const int32_t q = (a + ((half ^ sign) - sign)) / divisor;
        acc[i] = q * gamma[i] + beta[i];
    }
}

/* The sum and the sum of squares of a row's int8 values (not yet less the zero point). */
static void row_moments(const int8_t *x, uint32_t width, int32_t *sum, int32_t *squares)
{
    int32_t s = 0, q = 0; /* |x| <= 128, width <= 1024: q <= 2^24 */
    uint32_t i = 0;
#if defined(__ARM_FEATURE_DSP)
    for (; i + 4u <= width; i += 4u) { /* a word of four values: bytes 0, 2 and bytes 1, 3 as int16 pairs */
        const uint32_t word = load_word(x + i), even = __sxtb16(word), odd = sxtb16_ror8(word);
        s = (int32_t)__smlad(__sadd16(even, odd), 0x00010001u, (uint32_t)s);
        q = (int32_t)__smlad(even, even, (uint32_t)q);
        q = (int32_t)__smlad(odd, odd, (uint32_t)q);
    }
#endif
    for (; i < width; i++) {
        s += x[i];
        q += x[i] * x[i];
    }
    *sum = s;
    *squares = q;
}

void layer_norm(const tensor_t *in, tensor_t *out, const int32_t *gamma, const int32_t *beta, int32_t mult,
                int32_t shift, act_t act)
{
    const channel_scale_t s = channel_scale(mult, shift);
    const output_range_t o = output_range(out->zero_point, act.min, act.max);
    const uint32_t rows = (uint32_t)in->h * in->w, width = in->c;
    const int32_t zero_point = in->zero_point;
    int32_t *acc = (int32_t *)kernel_scratch; /* width <= 1024, checked by blob.c */
    for (uint32_t r = 0; r < rows; r++) {
        const int8_t *x = in->data + r * width;
        int32_t raw_sum, raw_squares;
        row_moments(x, width, &raw_sum, &raw_squares);
        /* of v = x - zero_point: |v| <= 255, width <= 1024, so squares < 2^27 (and each term below < 2^26) */
        const int32_t sum = raw_sum - (int32_t)width * zero_point;
        const int32_t squares = raw_squares - 2 * zero_point * raw_sum + (int32_t)width * zero_point * zero_point;
        /* The spec's D^3 * variance, V = sum (D x_i - S)^2, equals D (D sum x_i^2 - S^2) exactly: so its
         * (V << 8) / D is (D sum x_i^2 - S^2) << 8, without a 64-bit division and in one pass over the row. */
        const uint64_t spread = (uint64_t)((int64_t)width * squares - (int64_t)sum * sum); /* >= 0, < 2^37 */
        const uint32_t sigma = isqrt64(spread << 8);
        if (sigma == 0) { /* a constant row: every n_i is 0 */
            for (uint32_t i = 0; i < width; i++) {
                acc[i] = beta[i];
            }
        } else {
            normalised_sums(x, width, -((int32_t)width * zero_point + sum) * (1 << 12), sigma, gamma, beta, acc);
        }
        requantize_strided(acc, width, out->data + r * width, 1, &s, &o);
    }
}
