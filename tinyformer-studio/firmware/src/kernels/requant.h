/* Requantisation exactly as INTEGER_SEMANTICS.md §3: the exact product rounded once, half away from zero. */
#ifndef SPARSE_ENGINE_REQUANT_H
#define SPARSE_ENGINE_REQUANT_H
#include <stdint.h>
#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

static inline int32_t sat32(int64_t v)
{
    return v < INT32_MIN ? INT32_MIN : v > INT32_MAX ? INT32_MAX : (int32_t)v;
}

static inline int32_t clamp_i32(int64_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : v > hi ? hi : (int32_t)v;
}

/* round(x * mult / 2^(31 - shift)), ties away from zero, saturated to int32. 31 - shift is in [1, 62]
 * and |x * mult| < 2^62, so the 64-bit sum cannot overflow. */
static inline int32_t tf_requantize(int32_t x, int32_t mult, int32_t shift)
{
    const int64_t product = (int64_t)x * mult;
    const int bits = 31 - shift;
    return sat32((product + ((int64_t)1 << (bits - 1)) - (product < 0)) >> bits);
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

/*
 * The output stage of the weighted kernels (CONV2D, DEPTHWISE_CONV2D, FULLY_CONNECTED): tf_output
 * of bias + acc with one channel's multiplier and shift, prepared once per channel and applied to
 * every output of that channel. Same integers as tf_output, fewer instructions:
 *
 * Usual case, shift <= -2 (multiplier < 1/4, exponent e = -shift >= 2). tf_requantize is
 *     result = floor((a*m + 2^(30+e) - [a < 0]) / 2^(31+e))
 * ([a*m < 0] equals [a < 0] since m > 0), the high word of that sum shifted right by e - 1. The addend
 * is 2^(e-2) : 0 (high : low word) for a >= 0 and 2^(e-2) - 1 : 2^32 - 1 for a < 0, i.e.
 * high = 2^(e-2) + sign, low = sign with sign = a >> 31: with the multiply-accumulate (SMLAL) and the
 * final shift, four instructions. |a*m| < 2^62: no overflow.
 * Multipliers in [1/4, 2) (shift -1, 0 or 1; in depthwise layers with few kept taps before a ReLU6 up to half the
 * channels, session 16) take the same path on the accumulator raised by k = shift + 2 bits: a * m / 2^(31 - shift) =
 * (a * 2^k) * m / 2^33, the usual case with e = 2, exact while a * 2^k fits in int32. Beyond that a * 2^k is saturated
 * to int32: then |a| >= 2^(31 - k) and the multiplier is >= 2^(shift - 1), so the exact result and the saturated
 * one both lie beyond tf_output's [-256, 255] pre-clamp with a's sign, and the int8 outputs are equal.
 * Larger multipliers (shift >= 2) take tf_requantize.
 *
 * Clamp: [act_min, act_max] lies inside [-128, 127] and |zero_point| <= 128, so clamping to
 * [act_min - zp, act_max - zp] (inside tf_output's [-256, 255] pre-clamp) and adding zp gives
 * tf_output's integers. With the full range [-128, 127] it is one saturation, ssat8(v + zp), for the
 * results of this output stage: they lie within +-2^30 (the usual path shifts the high word right by
 * e - 1 >= 1; the rare one is clamped, see requantize_rare), so v + zp does not overflow, and beyond
 * [-256, 255] both v + zp and tf_output's pre-clamped value + zp lie beyond [-128, 127] on v's side.
 */
typedef struct {
    int32_t mult;
    int32_t shift;
    int32_t round_high; /* the usual path's exponent e = -shift (2 when raised): 2^(e - 2) */
    uint32_t post;      /* e - 1 */
    uint32_t raise;     /* shift in [-1, 1]: k = shift + 2, the accumulator's raise onto e = 2; otherwise 0 */
} channel_scale_t;

#define MAX_SCALE_RAISE 3u

static inline channel_scale_t channel_scale(int32_t mult, int32_t shift)
{
    channel_scale_t s = {mult, shift, 0, 0u, 0u};
    if (shift <= -2) { /* shift >= -31: validated by blob.c */
        s.round_high = (int32_t)(1u << (-shift - 2));
        s.post = (uint32_t)(-shift - 1);
    } else if (shift <= 1) {
        s.round_high = 1;
        s.post = 1u;
        s.raise = (uint32_t)(shift + 2);
    }
    return s;
}

/* a * 2^raise saturated to int32, for a compile-time raise in [1, MAX_SCALE_RAISE] (see above). */
static inline __attribute__((always_inline)) int32_t raise_saturated(int32_t a, const uint32_t raise)
{
#if defined(__ARM_FEATURE_DSP)
    switch (raise) { /* SSAT takes its width as an immediate */
    case 1: a = __ssat(a, 31); break;
    case 2: a = __ssat(a, 30); break;
    default: a = __ssat(a, 29); break;
    }
#else
    const int32_t high = INT32_MAX >> raise, low = -high - 1;
    a = a > high ? high : a < low ? low : a;
#endif
    return (int32_t)((uint32_t)a << raise);
}

/* Multipliers >= 1/4 (shift >= -1): out of line, so the loops keep only the usual case. The output loop over a run of
 * sums (requantize_strided) sends only shift >= 2 here, raising the others (above); the kernels that requantise one
 * output at a time (channel_requantize) send every shift >= -1. Returns tf_requantize clamped to tf_output's
 * [-256, 255] pre-clamp, which output_clamp's single saturation relies on. */
__attribute__((noinline, cold)) int32_t requantize_rare(int32_t x, int32_t mult, int32_t shift);

/* The usual case alone, for loops that tested s->shift <= -2 once (or raised the accumulator onto e = 2). */
static inline int32_t channel_requantize_usual(const channel_scale_t *s, int32_t a)
{
    const int32_t sign = a >> 31;
    const uint32_t high = (uint32_t)(s->round_high + sign), low = (uint32_t)sign;
    const int64_t sum = (int64_t)(((uint64_t)high << 32) | low) + (int64_t)a * s->mult;
    return (int32_t)(sum >> 32) >> s->post;
}

/* Whether the usual path (exponent e = post + 1; raised: e = 2, post 1) can meet a tie, an a * mult exactly halfway
 * between two results: that takes a * mult with exactly 30 + e trailing zero bits, so a with 30 + e - z of them for
 * mult's z. An int32 a has at most 31 (a = -2^31; a raised one too), so with z < e - 1 = post there is no tie, and
 * rounding half up is tf_requantize's rounding half away from zero. */
static inline int channel_tie_free(const channel_scale_t *s)
{
    return s->shift <= 1 && (uint32_t)__builtin_ctz((uint32_t)s->mult) < s->post; /* mult >= 2^30: blob.c */
}

/* channel_requantize_usual for a tie-free scale: the rounding constant without the sign correction, which SMMLA adds
 * to the high word of a * mult in one instruction. The high word stays within int32 (|a * mult| < 2^62). */
static inline int32_t channel_requantize_tie_free(const channel_scale_t *s, int32_t a)
{
#if defined(__ARM_FEATURE_DSP)
    int32_t high;
    __asm__("smmla %0, %1, %2, %3" : "=r"(high) : "r"(a), "r"(s->mult), "r"(s->round_high));
    return high >> s->post;
#else
    return (int32_t)(((int64_t)s->round_high * 4294967296LL + (int64_t)a * s->mult) >> 32) >> s->post;
#endif
}

static inline int32_t channel_requantize(const channel_scale_t *s, int32_t a)
{
    if (__builtin_expect(s->shift <= -2, 1)) {
        return channel_requantize_usual(s, a);
    }
    return requantize_rare(a, s->mult, s->shift);
}

/* The activation range relative to the zero point: low = act_min - zp, high = act_max - zp. */
typedef struct {
    int32_t zero_point, low, high;
    int full_range; /* act = [-128, 127]: the clamp is one saturation */
} output_range_t;

static inline output_range_t output_range(int32_t zero_point, int8_t act_min, int8_t act_max)
{
    return (output_range_t){zero_point, act_min - zero_point, act_max - zero_point, act_min == -128 && act_max == 127};
}

/* The clamp and zero point of tf_output for v from channel_requantize(_usual) (|v| <= 2^30, see above), or any v when
 * FULL_RANGE is 0. FULL_RANGE is a compile-time constant in the loops. */
static inline __attribute__((always_inline)) int8_t output_clamp(const output_range_t *o, int32_t v,
                                                                 const int full_range)
{
#if defined(__ARM_FEATURE_DSP)
    if (full_range) {
        return (int8_t)__ssat(v + o->zero_point, 8);
    }
#else
    (void)full_range;
#endif
    v = v < o->low ? o->low : v;
    v = v > o->high ? o->high : v;
    return (int8_t)(v + o->zero_point);
}

/* The largest post-shift (e - 1) with which the zero point can ride in the rounding constant, (high + zp 2^post) >> post
 * = (high >> post) + zp exactly: the high word then stays below 2^30 + 2^(e - 2) + 128 * 2^(e - 1) < 2^31. */
#define MAX_FOLDED_POST 22u

/* Moves the zero point into s's rounding constant (s->post <= MAX_FOLDED_POST, a usual or raised scale); the returned
 * range is then the absolute activation range, with zero point 0. */
static inline output_range_t fold_zero_point(channel_scale_t *s, const output_range_t *o)
{
    s->round_high += o->zero_point * (int32_t)(1u << s->post);
    return (output_range_t){0, o->low + o->zero_point, o->high + o->zero_point, o->full_range};
}

/* The kernels without per-channel scales (add, attention) mostly see the full range [-128, 127] and a tie-free
 * multiplier below 1/4: that common case gets a loop of its own (COMMON a compile-time constant) that tests nothing,
 * its zero point folded into the scale: SMMLA, ASR and SSAT an output. Returns whether s now is such a scale. */
static inline int prepare_common_output(channel_scale_t *s, const output_range_t *o)
{
    if (!o->full_range || s->shift > -2 || !channel_tie_free(s) || s->post > MAX_FOLDED_POST) {
        return 0;
    }
    (void)fold_zero_point(s, o);
    return 1;
}

static inline __attribute__((always_inline)) int8_t scaled_output(const channel_scale_t *s, const output_range_t *o,
                                                                  int32_t acc, const int common)
{
    if (common) {
        const output_range_t absolute = {0, -128, 127, 1};
        return output_clamp(&absolute, channel_requantize_tie_free(s, acc), 1);
    }
    return output_clamp(o, channel_requantize(s, acc), 0);
}

/* floor(sqrt(m)) of a 32-bit m: Newton iteration from above, on 32-bit divisions (one UDIV each). */
static inline uint32_t isqrt32(uint32_t m)
{
    if (m < 2) {
        return m;
    }
    uint32_t x = 1u << ((33 - __builtin_clz(m)) / 2); /* >= sqrt(m) */
    for (;;) {
        const uint32_t y = (x + m / x) >> 1;
        if (y >= x) {
            return x;
        }
        x = y;
    }
}

/* floor(sqrt(n)). The root's high bits are the 32-bit root of n / 4^k (floor(sqrt(floor(n / 4^k))) =
 * floor(sqrt(n) / 2^k)); its k low bits follow one at a time, keeping a bit when its square stays <= n.
 * No 64-bit division (a library call on Cortex-M). */
static inline uint32_t isqrt64(uint64_t n)
{
    const int bits = n == 0 ? 0 : 64 - __builtin_clzll(n);
    const int k = bits > 32 ? (bits - 31) / 2 : 0; /* n >> 2k < 2^32 */
    uint32_t root = isqrt32((uint32_t)(n >> (2 * k))) << k;
    for (int b = k - 1; b >= 0; b--) {
        const uint32_t trial = root | (1u << b);
        if ((uint64_t)trial * trial <= n) {
            root = trial;
        }
    }
    return root;
}
#endif
