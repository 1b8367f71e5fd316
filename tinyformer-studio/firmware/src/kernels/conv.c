/* CONV2D (standard, pointwise) and DEPTHWISE_CONV2D, dense and sparse (INTEGER_SEMANTICS.md §4.1-4.2). */
#include "kernels.h"
#include "requant.h"
#include "rows.h"

/* im2col of output pixel p (raster order, width output pixels a row): col[(ky*kw + kx)*Cin + ci] =
 * in(iy, ix, ci) - zp, or 0 outside (a column whose groups lie group_stride elements apart). */
static void gather_patch(const tensor_t *in, const window_t *win, uint32_t p, uint32_t width, int16_t *col,
                         uint32_t group_stride)
{
    const uint32_t cin = in->c;
    if (win->kernel_h == 1 && win->kernel_w == 1 && win->stride_h == 1 && win->stride_w == 1 && win->pad_top == 0
        && win->pad_left == 0 && width == in->w) { /* pointwise: the column is input pixel p, contiguous in HWC */
        column_put(col, group_stride, 0, in->data + p * cin, cin, in->zero_point);
        return;
    }
    const int32_t oy = (int32_t)(p / width), ox = (int32_t)(p % width);
    const uint32_t row_values = (uint32_t)win->kernel_w * cin;
    const int32_t iy0 = oy * win->stride_h - win->pad_top;
    const int32_t ix0 = ox * win->stride_w - win->pad_left;
    const int full_row = ix0 >= 0 && ix0 + win->kernel_w <= in->w;
    for (int32_t ky = 0; ky < win->kernel_h; ky++) {
        const int32_t iy = iy0 + ky;
        const uint32_t start = (uint32_t)ky * row_values;
        if (iy < 0 || iy >= in->h) {
            column_zero(col, group_stride, start, row_values);
        } else if (full_row) { /* the kernel row is contiguous in HWC: one copy */
            column_put(col, group_stride, start, in->data + ((uint32_t)iy * in->w + (uint32_t)ix0) * cin, row_values, in->zero_point);
        } else {
            for (int32_t kx = 0; kx < win->kernel_w; kx++) {
                const int32_t ix = ix0 + kx;
                const uint32_t at = start + (uint32_t)kx * cin;
                if (ix < 0 || ix >= in->w) {
                    column_zero(col, group_stride, at, cin);
                } else {
                    column_put(col, group_stride, at, in->data + ((uint32_t)iy * in->w + (uint32_t)ix) * cin, cin, in->zero_point);
                }
            }
        }
    }
}

static int plane_rows(const tensor_t *in, tensor_t *out, const weights_t *wt, const window_t *win, act_t act,
                      int depthwise);

void conv2d(const tensor_t *in, tensor_t *out, const weights_t *wt, const window_t *win, act_t act)
{
    if (in->c == 1u && plane_rows(in, out, wt, win, act, 0)) {
        return; /* one input channel (a stem): its rows are depthwise-like kernels over one plane */
    }
    int16_t *col = kernel_scratch; /* wt->length <= KERNEL_COLUMN_MAX, checked by blob.c */
    const uint32_t width = out->w, pixels = (uint32_t)out->h * width;
    const tiles_t tiles = tiles_plan(wt);
    if (tiles.columns != 0 && pixels >= 2u) { /* a tile of output pixels (raster order) per pass over the rows */
        tiles_constants(wt, &tiles, out->zero_point, act);
        for (uint32_t p = 0; p < pixels; p += tiles.columns) {
            const uint32_t n = pixels - p < tiles.columns ? pixels - p : tiles.columns;
            for (uint32_t i = 0; i < n; i++) {
                gather_patch(in, win, p + i, width, tile_column(&tiles, col, i), TILE_GROUP_STRIDE);
            }
            tiles_apply(wt, &tiles, col, n, out->data + p * wt->rows, out->zero_point, act);
        }
        return;
    }
    for (uint32_t p = 0; p < pixels; p++) {
        gather_patch(in, win, p, width, col, COLUMN_GROUP_STRIDE);
        rows_apply(wt, col, out->data + p * wt->rows, out->zero_point, act);
    }
}

/* One tap of a depthwise kernel: its place in the window, its byte offset in the input from the
 * window's top-left element of the same channel, and its weight (the plane path sets only offset
 * and weight). */
typedef struct {
    int32_t offset;
    int16_t weight;
    uint8_t ky, kx;
} tap_t;

/* A channel's taps and what the loops need to know about them. */
typedef struct {
    uint32_t n;
    int32_t weight_sum;
    uint32_t ky_first, ky_last, kx_first, kx_last; /* the window part the taps occupy (all 0 without taps) */
} channel_taps_t;

static void add_tap(channel_taps_t *ch, tap_t *taps, uint32_t position, int8_t weight, uint32_t kernel_w,
                    uint32_t row_bytes, uint32_t channels)
{
    const uint32_t ky = position / kernel_w, kx = position % kernel_w;
    taps[ch->n] = (tap_t){(int32_t)(ky * row_bytes + kx * channels), weight, (uint8_t)ky, (uint8_t)kx};
    if (ch->n++ == 0) {
        ch->ky_first = ch->ky_last = ky;
        ch->kx_first = ch->kx_last = kx;
    }
    ch->weight_sum += weight;
    ch->ky_first = ky < ch->ky_first ? ky : ch->ky_first;
    ch->ky_last = ky > ch->ky_last ? ky : ch->ky_last;
    ch->kx_first = kx < ch->kx_first ? kx : ch->kx_first;
    ch->kx_last = kx > ch->kx_last ? kx : ch->kx_last;
}

/* Depthwise rows are short (kh*kw): each channel's taps are listed once, then every output pixel
 * visits only those. A dense row lists all its taps (zeros included: a dense kernel does not look
 * at the values), a sparse one only the non-zero weights of its kept blocks. */
static channel_taps_t channel_taps(const weights_t *wt, uint32_t c, uint32_t kernel_w, uint32_t row_bytes,
                                   uint32_t channels, const uint8_t **skip, const int8_t **value, tap_t *taps)
{
    channel_taps_t ch = {0, 0, 0, 0, 0, 0};
    if (wt->dense != NULL) {
        const int8_t *w = wt->dense + c * wt->length;
        for (uint32_t i = 0; i < wt->length; i++) {
            add_tap(&ch, taps, i, w[i], kernel_w, row_bytes, channels);
        }
        return ch;
    }
    uint32_t position = 0;
    for (uint32_t k = 0; k < wt->counts[c]; k++) {
        position += (uint32_t)(*skip)[k] * wt->block;
        for (uint32_t b = 0; b < wt->block; b++, position++) {
            if ((*value)[b] != 0) { /* fillers and zeros inside kept blocks add nothing */
                add_tap(&ch, taps, position, (*value)[b], kernel_w, row_bytes, channels);
            }
        }
        *value += wt->block;
    }
    *skip += wt->counts[c];
    return ch;
}

/* The outputs [*first, *last) along one axis whose taps (window indices tap_first..tap_last) all
 * fall inside the input: o * stride - pad + tap_first >= 0 and o * stride - pad + tap_last < in_size. */
static void interior(int32_t out_size, int32_t in_size, uint32_t tap_first, uint32_t tap_last, uint32_t stride,
                     uint32_t pad, int32_t *first, int32_t *last)
{
    const int32_t s = (int32_t)stride, below = (int32_t)pad - (int32_t)tap_first;
    const int32_t lo = below > 0 ? (below + s - 1) / s : 0;
    const int32_t room = in_size - 1 + (int32_t)pad - (int32_t)tap_last;
    int32_t hi = room >= 0 ? room / s + 1 : 0;
    hi = hi < out_size ? hi : out_size;
    *first = lo < hi ? lo : hi;
    *last = hi;
}

/* bias + sum over the in-bounds taps of (x - zp) * w for an output at window origin (iy0, ix0):
 * the border pixels, where padding (the real value 0) replaces the taps outside the input. */
static inline int32_t border_sum(const tensor_t *in, const tap_t *taps, uint32_t n, const int8_t *x, int32_t iy0,
                                 int32_t ix0, int32_t bias)
{
    int32_t acc = bias;
    for (uint32_t t = 0; t < n; t++) {
        const int32_t iy = iy0 + taps[t].ky, ix = ix0 + taps[t].kx;
        if ((uint32_t)iy < in->h && (uint32_t)ix < in->w) {
            acc += (x[((uint32_t)iy * in->w + (uint32_t)ix) * in->c] - in->zero_point) * taps[t].weight;
        }
    }
    return acc;
}

/* Interior pixels of a channel with one or two taps (a sparse channel at high sparsity): the taps
 * stay in registers and each output is summed, requantised and stored in one pass, without the sums
 * buffer. Usual-case scale only (shift <= -2). */
static inline __attribute__((always_inline)) void few_taps_pass(const int8_t *window, uint32_t step, uint32_t count,
                                                                const tap_t *taps, const uint32_t n, int32_t bias,
                                                                const channel_scale_t s, const output_range_t o,
                                                                int8_t *out, uint32_t out_step, const int full_range)
{
    /* s and o by value: the int8 stores below may alias anything a pointer reaches, which would
     * reload every constant after each store */
    const int32_t offset0 = taps[0].offset, weight0 = taps[0].weight;
    const int32_t offset1 = n > 1u ? taps[1].offset : 0, weight1 = n > 1u ? taps[1].weight : 0;
    for (uint32_t i = 0; i < count; i++, window += step, out += out_step) {
        int32_t acc = bias + window[offset0] * weight0;
        if (n > 1u) {
            acc += window[offset1] * weight1;
        }
        *out = output_clamp(&o, channel_requantize_usual(&s, acc), full_range);
    }
}

/* few_taps_pass for n = 1 or 2 taps and either clamp form; out of line, so that its loop has the
 * registers to itself. */
static __attribute__((noinline)) void few_taps_interior(const int8_t *window, uint32_t step, uint32_t count,
                                                        const tap_t *taps, uint32_t n, int32_t bias,
                                                        const channel_scale_t *s, const output_range_t *o,
                                                        int8_t *out, uint32_t out_step)
{
    if (n == 1u) {
        if (o->full_range) {
            few_taps_pass(window, step, count, taps, 1u, bias, *s, *o, out, out_step, 1);
        } else {
            few_taps_pass(window, step, count, taps, 1u, bias, *s, *o, out, out_step, 0);
        }
    } else if (o->full_range) {
        few_taps_pass(window, step, count, taps, 2u, bias, *s, *o, out, out_step, 1);
    } else {
        few_taps_pass(window, step, count, taps, 2u, bias, *s, *o, out, out_step, 0);
    }
}

/* One channel of DEPTHWISE_CONV2D over the whole output, from its listed taps (offsets relative to
 * the window origin on entry). A function of its own: the loops get the registers to themselves. */
static __attribute__((noinline)) void depthwise_channel(const tensor_t *in, tensor_t *out, const weights_t *wt,
                                                        const window_t *win, uint32_t c, tap_t *taps,
                                                        const channel_taps_t *ch, const output_range_t o,
                                                        int32_t *sums, uint32_t run_max)
{
    const uint32_t channels = in->c;
    const uint32_t row_bytes = (uint32_t)in->w * channels, step = (uint32_t)win->stride_w * channels;
    /* The interior: outputs whose taps all lie inside the input (for a sparse channel, only its
     * kept taps count - a centre-only channel has no border at all). */
    int32_t oy_first, oy_last, ox_first, ox_last;
    interior(out->h, in->h, ch->ky_first, ch->ky_last, win->stride_h, win->pad_top, &oy_first, &oy_last);
    interior(out->w, in->w, ch->kx_first, ch->kx_last, win->stride_w, win->pad_left, &ox_first, &ox_last);
    const channel_scale_t s = channel_scale(wt->mult[c], wt->shift[c]);
    const int32_t bias = wt->bias[c];
    const int few_taps = ch->n >= 1 && ch->n <= 2 && s.shift <= -2; /* sparse channels at high sparsity */
    /* There every tap is present: sum (x - zp) * w = sum x * w - zp * sum w. */
    const int32_t bias_inside = bias - in->zero_point * ch->weight_sum;
    const int8_t *x = in->data + c;
    /* Interior windows are addressed from their first occupied element, which lies in the input. */
    const int32_t corner = (int32_t)(ch->ky_first * row_bytes + ch->kx_first * channels);
    for (uint32_t t = 0; t < ch->n; t++) {
        taps[t].offset -= corner;
    }
    for (int32_t oy = 0; oy < out->h; oy++) {
        const int32_t iy0 = oy * win->stride_h - win->pad_top;
        const int row_inside = oy >= oy_first && oy < oy_last;
        for (int32_t ox0 = 0; ox0 < out->w; ox0 += (int32_t)run_max) {
            const int32_t ox1 = out->w - ox0 < (int32_t)run_max ? out->w : ox0 + (int32_t)run_max;
            int32_t ox = ox0;
            const int32_t inside_first = row_inside && ox_first > ox0 ? ox_first : ox0;
            const int32_t inside_last = row_inside ? (ox_last < ox1 ? ox_last : ox1) : ox0;
            int8_t *const run_out = out->data + ((uint32_t)oy * out->w + (uint32_t)ox0) * channels + c;
            uint32_t written = 0, pending = 0; /* pixels of the run output so far / in sums[0..pending) */
            for (; ox < inside_first && ox < ox1; ox++) {
                sums[pending++] = border_sum(in, taps, ch->n, x, iy0, ox * win->stride_w - win->pad_left, bias);
            }
            if (ox < inside_last) {
                const int8_t *window = x + (uint32_t)(iy0 + (int32_t)ch->ky_first) * row_bytes
                                       + (uint32_t)(ox * win->stride_w - win->pad_left + (int32_t)ch->kx_first) * channels;
                if (__builtin_expect(few_taps, 0)) { /* the left border's sums, then the interior directly */
                    requantize_strided(sums, pending, run_out + written * channels, channels, &s, &o);
                    written += pending;
                    pending = 0;
                    const uint32_t count = (uint32_t)(inside_last - ox);
                    few_taps_interior(window, step, count, taps, ch->n, bias_inside, &s, &o,
                                      run_out + written * channels, channels);
                    written += count;
                    ox = inside_last;
                }
                for (; ox < inside_last; ox++, window += step) {
                    int32_t acc = bias_inside;
#pragma GCC unroll 2
                    for (uint32_t t = 0; t < ch->n; t++) {
                        acc += window[taps[t].offset] * taps[t].weight;
                    }
                    sums[pending++] = acc;
                }
            }
            for (; ox < ox1; ox++) {
                sums[pending++] = border_sum(in, taps, ch->n, x, iy0, ox * win->stride_w - win->pad_left, bias);
            }
            requantize_strided(sums, pending, run_out + written * channels, channels, &s, &o);
        }
    }
}

/* ---- Depthwise (dense and sparse) over a zero-padded plane ----
 *
 * The padded input of a group of four channels, as far as any window reaches: (out - 1) * stride +
 * kernel elements per axis, the four channels interleaved (one word per element, so the copy from
 * the HWC input moves a word at a time). The padding holds the input's zero point, whose (x - zp)
 * is the real value 0, so every output - border pixels included - is bias - zp * sum(w) +
 * sum(x * w) over the channel's taps, without bounds checks. The padding is the same for every
 * channel (one zero point per tensor): the plane is filled once per layer, and each group
 * overwrites only the input part. */
#define PLANE_LANES 4u

typedef struct {
    uint32_t w, h;   /* elements per plane row, rows */
    uint32_t left;   /* plane columns before the input's first column (min(pad_left, w)) */
    uint32_t inside; /* plane columns that hold input */
} plane_t;

static plane_t plane_geometry(const tensor_t *in, const tensor_t *out, const window_t *win)
{
    plane_t p;
    p.w = ((uint32_t)out->w - 1u) * win->stride_w + win->kernel_w;
    p.h = ((uint32_t)out->h - 1u) * win->stride_h + win->kernel_h;
    p.left = win->pad_left < p.w ? win->pad_left : p.w;
    p.inside = p.w - p.left < in->w ? p.w - p.left : in->w;
    return p;
}

/* Copies channels [c, c + lanes) of the input into the plane's input part (lanes <= 4). */
static void plane_copy(const tensor_t *in, uint32_t c, uint32_t lanes, const window_t *win, const plane_t *p,
                       int8_t *plane)
{
    const uint32_t channels = in->c;
    for (uint32_t py = 0; py < p->h; py++) {
        const int32_t iy = (int32_t)py - win->pad_top;
        if (iy < 0 || iy >= in->h) {
            continue;
        }
        const int8_t *src = in->data + (uint32_t)iy * in->w * channels + c;
        int8_t *dst = plane + (py * p->w + p->left) * PLANE_LANES;
        if (lanes == PLANE_LANES) {
#pragma GCC unroll 4
            for (uint32_t x = 0; x < p->inside; x++, src += channels, dst += PLANE_LANES) {
                store_word(dst, load_word(src));
            }
        } else {
            for (uint32_t x = 0; x < p->inside; x++, src += channels, dst += PLANE_LANES) {
                for (uint32_t l = 0; l < lanes; l++) {
                    dst[l] = src[l];
                }
            }
        }
    }
}

/* Appends the tap at kernel position `position` (row-major in the window) with `weight` to the
 * plane's tap list; plane rows are row_bytes apart. */
static inline void plane_tap(tap_t *tap, uint32_t position, int8_t weight, uint32_t kernel_w, uint32_t row_bytes)
{
    const uint32_t ky = position / kernel_w, kx = position - ky * kernel_w;
    tap->offset = (int32_t)(ky * row_bytes + kx * PLANE_LANES);
    tap->weight = weight;
}

/* Row r's taps in the plane, advancing *skip / *value past a sparse row; returns their count and
 * sets *weight_sum. A dense row lists all its kh*kw taps, zeros included (a dense kernel does not
 * look at the values); a sparse one only the non-zero weights of its kept blocks, whose positions
 * lie inside the row (checked by blob.c). */
static uint32_t plane_taps(const weights_t *wt, uint32_t r, uint32_t kernel_w, uint32_t row_bytes,
                           const uint8_t **skip, const int8_t **value, tap_t *taps, int32_t *weight_sum)
{
    uint32_t n = 0;
    int32_t sum = 0;
    if (wt->dense != NULL) {
        const int8_t *w = wt->dense + r * wt->length;
        for (; n < wt->length; n++) {
            plane_tap(&taps[n], n, w[n], kernel_w, row_bytes);
            sum += w[n];
        }
        *weight_sum = sum;
        return n;
    }
    uint32_t position = 0;
    const int8_t *v = *value;
    for (uint32_t k = 0; k < wt->counts[r]; k++) {
        position += (uint32_t)(*skip)[k] * wt->block;
        for (uint32_t b = 0; b < wt->block; b++, position++, v++) {
            if (*v != 0) { /* fillers and zeros inside kept blocks add nothing */
                plane_tap(&taps[n++], position, *v, kernel_w, row_bytes);
                sum += *v;
            }
        }
    }
    *skip += wt->counts[r];
    *value = v;
    *weight_sum = sum;
    return n;
}

/* sums[i] = bias + sum over the taps of (lane + windows[i])[offset] * weight for i < count: four
 * pixels per pass over the taps, so each tap is loaded once for four pixels. windows holds the
 * plane offsets of the pixels' window origins, padded to a multiple of four; sums has room for
 * count rounded up to four. */
static __attribute__((noinline)) void plane_sums(const int8_t *lane, const uint32_t *windows, uint32_t count,
                                                 const tap_t *taps, uint32_t n, int32_t bias, int32_t *restrict sums)
{
    const tap_t *const end = taps + n;
    for (uint32_t i = 0; i < count; i += 4u, windows += 4, sums += 4) {
        const int8_t *const w0 = lane + windows[0], *const w1 = lane + windows[1];
        const int8_t *const w2 = lane + windows[2], *const w3 = lane + windows[3];
        int32_t a0 = bias, a1 = bias, a2 = bias, a3 = bias;
        for (const tap_t *t = taps; t < end; t++) {
            const int32_t offset = t->offset, weight = t->weight;
            a0 += w0[offset] * weight;
            a1 += w1[offset] * weight;
            a2 += w2[offset] * weight;
            a3 += w3[offset] * weight;
        }
        sums[0] = a0;
        sums[1] = a1;
        sums[2] = a2;
        sums[3] = a3;
    }
}

/* plane_sums for a channel of N <= FEW_PLANE_TAPS taps (a compile-time constant; a sparse channel at high sparsity):
 * the taps' element pointers and weights stay in registers and each pixel costs a table load, the taps' loads and
 * multiply-adds and a store, without the four-pixel pass around a tap loop (about 27 instructions of set-up and
 * spills a pass). */
#define FEW_PLANE_TAPS 4u

static inline __attribute__((always_inline)) void plane_sums_n(const int8_t *lane, const uint32_t *windows,
                                                               uint32_t count, const tap_t *taps, int32_t bias,
                                                               int32_t *restrict sums, const uint32_t n)
{
    const int8_t *x[FEW_PLANE_TAPS];
    int32_t w[FEW_PLANE_TAPS];
#pragma GCC unroll 4
    for (uint32_t k = 0; k < n; k++) {
        x[k] = lane + taps[k].offset;
        w[k] = taps[k].weight;
    }
    for (const uint32_t *const end = windows + count; windows < end; windows++) {
        const uint32_t window = *windows;
        int32_t acc = bias;
#pragma GCC unroll 4
        for (uint32_t k = 0; k < n; k++) {
            acc += x[k][window] * w[k];
        }
        *sums++ = acc;
    }
}

static __attribute__((noinline)) void plane_sums_few(const int8_t *lane, const uint32_t *windows, uint32_t count,
                                                     const tap_t *taps, uint32_t n, int32_t bias,
                                                     int32_t *restrict sums)
{
    switch (n) {
    case 0: plane_sums_n(lane, windows, count, taps, bias, sums, 0u); break;
    case 1: plane_sums_n(lane, windows, count, taps, bias, sums, 1u); break;
    case 2: plane_sums_n(lane, windows, count, taps, bias, sums, 2u); break;
    case 3: plane_sums_n(lane, windows, count, taps, bias, sums, 3u); break;
    default: plane_sums_n(lane, windows, count, taps, bias, sums, FEW_PLANE_TAPS); break;
    }
}

/* windows[p] = the plane offset of output pixel p's window origin (raster order), then three copies
 * of the last one (plane_sums reads whole fours). */
static void plane_windows(const tensor_t *out, const window_t *win, const plane_t *p, uint32_t *windows)
{
    uint32_t i = 0;
    for (uint32_t oy = 0; oy < out->h; oy++) {
        for (uint32_t ox = 0; ox < out->w; ox++) {
            windows[i++] = (oy * win->stride_h * p->w + ox * win->stride_w) * PLANE_LANES;
        }
    }
    for (uint32_t k = 0; k < 3u; k++, i++) {
        windows[i] = windows[i - 1u];
    }
}

/* One output channel over its plane lane: sums of a run of pixels at a time, then the output loop. */
static void plane_channel(const tensor_t *in, tensor_t *out, const weights_t *wt, uint32_t r, const int8_t *lane,
                          const tap_t *taps, uint32_t n, int32_t weight_sum, const output_range_t *o,
                          const uint32_t *windows, int32_t *sums, uint32_t run_max)
{
    const channel_scale_t s = channel_scale(wt->mult[r], wt->shift[r]);
    const int32_t bias_inside = wt->bias[r] - in->zero_point * weight_sum;
    const uint32_t pixels = (uint32_t)out->h * out->w, channels = out->c;
    for (uint32_t first = 0; first < pixels; first += run_max) {
        const uint32_t count = pixels - first < run_max ? pixels - first : run_max;
        if (n <= FEW_PLANE_TAPS) {
            plane_sums_few(lane, windows + first, count, taps, n, bias_inside, sums);
        } else {
            plane_sums(lane, windows + first, count, taps, n, bias_inside, sums);
        }
        requantize_strided(sums, count, out->data + first * channels + r, channels, &s, o);
    }
}

/* Writes requant(bias) of every output channel without kept blocks into each output pixel, if there
 * is such a channel and the constants fit in the scratch; returns the bytes they took at its end. */
static uint32_t constant_channels(const weights_t *wt, tensor_t *out, const output_range_t *o, uint32_t room)
{
    const uint32_t rows = wt->rows, pixels = (uint32_t)out->h * out->w, bytes = (rows + 7u) & ~7u;
    uint32_t empty = 0;
    for (uint32_t r = 0; wt->dense == NULL && r < rows; r++) {
        empty += wt->counts[r] == 0;
    }
    if (empty == 0 || room < bytes + 64u * 4u) {
        return 0;
    }
    int8_t *constants = (int8_t *)kernel_scratch + KERNEL_SCRATCH_BYTES - bytes;
    for (uint32_t r = 0; r < rows; r++) {
        const channel_scale_t s = channel_scale(wt->mult[r], wt->shift[r]);
        constants[r] = output_clamp(o, channel_requantize(&s, wt->bias[r]), 0);
    }
    fill_pixels(out->data, constants, rows, pixels);
    return bytes;
}

/* Dense or sparse rows over padded planes: DEPTHWISE_CONV2D (output channel r reads input channel r) and
 * CONV2D with one input channel (every row reads channel 0, its taps are its kernel positions).
 * kernel_scratch: the taps, the sums of a run of pixels, the window table, the plane, and the
 * constant outputs at the end. Returns 0, having written nothing, when these do not fit (sizes in
 * 64-bit arithmetic: nothing wraps); the caller then runs its general path. */
static int plane_rows(const tensor_t *in, tensor_t *out, const weights_t *wt, const window_t *win, act_t act,
                      int depthwise)
{
    const plane_t plane = plane_geometry(in, out, win);
    const uint32_t pixels = (uint32_t)out->h * out->w;
    const uint64_t taps_bytes = ((uint64_t)wt->length * sizeof(tap_t) + 7u) & ~7ull;
    const uint64_t plane_bytes = ((uint64_t)plane.w * plane.h * PLANE_LANES + 7u) & ~7ull;
    const uint64_t windows_bytes = ((uint64_t)pixels + 3u) * 4u;
    const uint64_t fixed = taps_bytes + plane_bytes + windows_bytes;
    if (fixed + 64u * 4u > KERNEL_SCRATCH_BYTES) {
        return 0;
    }
    const output_range_t o = output_range(out->zero_point, act.min, act.max);
    const uint32_t constant_bytes = constant_channels(wt, out, &o, KERNEL_SCRATCH_BYTES - (uint32_t)fixed);
    uint8_t *scratch = (uint8_t *)kernel_scratch;
    tap_t *taps = (tap_t *)(void *)scratch;
    int32_t *sums = (int32_t *)(void *)(scratch + taps_bytes);
    const uint32_t sums_bytes = KERNEL_SCRATCH_BYTES - (uint32_t)fixed - constant_bytes;
    uint32_t *windows = (uint32_t *)(void *)(scratch + taps_bytes + sums_bytes);
    int8_t *plane_data = (int8_t *)(windows + pixels + 3u);
    plane_windows(out, win, &plane, windows);
    /* the padding: the zero point in every byte, a word (one pixel's four lanes) at a time */
    const uint32_t padding = (uint32_t)(uint8_t)in->zero_point * 0x01010101u;
    for (uint32_t i = 0; i < plane.w * plane.h * PLANE_LANES; i += PLANE_LANES) {
        store_word(plane_data + i, padding);
    }
    const uint32_t run_max = (sums_bytes / 4u - 3u) & ~3u, channels = in->c;
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    uint32_t copied = UINT32_MAX; /* the first channel of the group in the plane */
    for (uint32_t r = 0; r < wt->rows; r++) {
        int32_t weight_sum;
        const uint32_t n = plane_taps(wt, r, win->kernel_w, plane.w * PLANE_LANES, &skip, &value, taps, &weight_sum);
        if (n == 0 && constant_bytes != 0) {
            continue; /* written with the constants */
        }
        const uint32_t c = depthwise ? r : 0u, group = c - c % PLANE_LANES;
        if (group != copied) {
            plane_copy(in, group, channels - group < PLANE_LANES ? channels - group : PLANE_LANES, win, &plane,
                       plane_data);
            copied = group;
        }
        plane_channel(in, out, wt, r, plane_data + c % PLANE_LANES, taps, n, weight_sum, &o, windows, sums, run_max);
    }
    return 1;
}

void depthwise_conv2d(const tensor_t *in, tensor_t *out, const weights_t *wt, const window_t *win, act_t act)
{
    if (plane_rows(in, out, wt, win, act, 1)) {
        return;
    }
    /* A plane too large for the scratch: border pixels check each tap.
     * kernel_scratch: taps (wt->length <= MAX_DEPTHWISE_TAPS, checked by blob.c), then the sums of
     * a run of output pixels, then - when some sparse channel has no kept block and they fit - the
     * constant outputs of such channels. */
    tap_t *taps = (tap_t *)(void *)kernel_scratch;
    const uint32_t channels = in->c;
    const uint32_t taps_bytes = (wt->length * (uint32_t)sizeof(tap_t) + 7u) & ~7u;
    const output_range_t o = output_range(out->zero_point, act.min, act.max);
    const uint32_t constant_bytes = constant_channels(wt, out, &o, KERNEL_SCRATCH_BYTES - taps_bytes);
    int32_t *sums = (int32_t *)(void *)((uint8_t *)kernel_scratch + taps_bytes);
    /* >= 64: blob.c keeps the taps within half the scratch */
    const uint32_t run_max = (KERNEL_SCRATCH_BYTES - taps_bytes - constant_bytes) / 4u;
    const uint32_t row_bytes = (uint32_t)in->w * channels;
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    for (uint32_t c = 0; c < channels; c++) {
        const channel_taps_t ch = channel_taps(wt, c, win->kernel_w, row_bytes, channels, &skip, &value, taps);
        if (ch.n == 0 && constant_bytes != 0) {
            continue;
        }
        depthwise_channel(in, out, wt, win, c, taps, &ch, o, sums, run_max);
    }
}
