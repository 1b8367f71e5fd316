/* Requantisation exactly as INTEGER_SEMANTICS.md §3 (TFLite / CMSIS-NN double rounding). */
#ifndef SPARSE_ENGINE_REQUANT_H
#define SPARSE_ENGINE_REQUANT_H
#include <stdint.h>

static inline int32_t sat32(int64_t v)
{
    return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : (int32_t)v;
}

static inline int32_t clamp_i32(int64_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : v > hi ? hi : (int32_t)v;
}

/* round(a * b / 2^31), ties toward +infinity (b > 0). */
static inline int32_t tf_high_mul(int32_t a, int32_t b)
{
    int64_t ab = (int64_t)a * (int64_t)b;
    return (int32_t)((ab + (1LL << 30)) >> 31);
}

/* tf_round_shift with mask = 2^exponent - 1 given (computed once per channel by the callers that
 * requantise many values with one exponent). Branch-free: the spec's "remainder > threshold" is the
 * carry of remainder + (2^exponent - 1 - threshold) into bit `exponent`, and that addend,
 * half = (mask + 1 + (x < 0 ? -1 : 0)) / 2, is 2^(exponent-1) for x >= 0, one less for x < 0 and
 * 0 for exponent 0. The sum stays below 2^32 (at most 2^31 - 1 + 2^30), so nothing overflows. */
static inline int32_t tf_round_shift_masked(int32_t x, uint32_t exponent, uint32_t mask)
{
    const uint32_t half = (mask + 1u + (uint32_t)(x >> 31)) >> 1;
    return (x >> exponent) + (int32_t)((((uint32_t)x & mask) + half) >> exponent);
}

/* round(x / 2^exponent), ties away from zero; exponent in [0, 31]. */
static inline int32_t tf_round_shift(int32_t x, int exponent)
{
    return tf_round_shift_masked(x, (uint32_t)exponent, (1u << exponent) - 1u); /* exponent <= 31 */
}

static inline int32_t tf_requantize(int32_t x, int32_t mult, int32_t shift)
{
    if (shift <= 0) { /* the usual case (multiplier < 1): no left shift to saturate */
        return tf_round_shift(tf_high_mul(x, mult), -shift);
    }
    return tf_high_mul(sat32((int64_t)x * ((int64_t)1 << shift)), mult);
}

static inline int8_t tf_output(int32_t x, int32_t mult, int32_t shift, int32_t zero_point, int8_t act_min,
                               int8_t act_max)
{
    /* Pre-clamping to [-256, 255] lets the zero point be added in 32 bits without changing the
     * result: |zero_point| <= 128 and the final range lies inside [-128, 127]. */
    int32_t v = tf_requantize(x, mult, shift);
    v = v > 255 ? 255 : v < -256 ? -256 : v;
    v += zero_point;
    return (int8_t)(v < act_min ? act_min : v > act_max ? act_max : v);
}

/* floor(sqrt(n)): Newton iteration from above. */
static inline uint32_t isqrt64(uint64_t n)
{
    if (n < 2) {
        return (uint32_t)n;
    }
    int bits = 64 - __builtin_clzll(n);
    uint64_t x = 1ULL << ((bits + 1) / 2);
    for (;;) {
        uint64_t y = (x + n / x) >> 1;
        if (y >= x) {
            return (uint32_t)x;
        }
        x = y;
    }
}

#endif
