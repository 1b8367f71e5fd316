/* CONV2D (standard, pointwise) and DEPTHWISE_CONV2D, dense and sparse (INTEGER_SEMANTICS.md §4.1-4.2). */
#include "kernels.h"
#include "requant.h"
#include "rows.h"

/* im2col of one output pixel: col[(ky*kw + kx)*Cin + ci] = in(iy, ix, ci) - zp, or 0 outside. */
static void gather_patch(const tensor_t *in, const window_t *win, int32_t oy, int32_t ox, int16_t *col)
{
    const uint32_t cin = in->c;
    const uint32_t row_values = (uint32_t)win->kernel_w * cin;
    const int32_t iy0 = oy * win->stride_h - win->pad_top;
    const int32_t ix0 = ox * win->stride_w - win->pad_left;
    const int full_row = ix0 >= 0 && ix0 + win->kernel_w <= in->w;
    for (int32_t ky = 0; ky < win->kernel_h; ky++) {
        const int32_t iy = iy0 + ky;
        const uint32_t start = (uint32_t)ky * row_values;
        if (iy < 0 || iy >= in->h) {
            column_zero(col, start, row_values);
        } else if (full_row) { /* the kernel row is contiguous in HWC: one copy */
            column_put(col, start, in->data + ((uint32_t)iy * in->w + (uint32_t)ix0) * cin, row_values, in->zero_point);
        } else {
            for (int32_t kx = 0; kx < win->kernel_w; kx++) {
                const int32_t ix = ix0 + kx;
                const uint32_t at = start + (uint32_t)kx * cin;
                if (ix < 0 || ix >= in->w) {
                    column_zero(col, at, cin);
                } else {
                    column_put(col, at, in->data + ((uint32_t)iy * in->w + (uint32_t)ix) * cin, cin, in->zero_point);
                }
            }
        }
    }
}

void conv2d(const tensor_t *in, tensor_t *out, const weights_t *wt, const window_t *win, act_t act)
{
    int16_t *col = kernel_scratch; /* wt->length <= KERNEL_COLUMN_MAX, checked by blob.c */
    const uint32_t width = out->w, pixels = (uint32_t)out->h * width;
    const uint32_t stride = rows_pair_stride(wt);
    uint32_t p = 0;
    if (stride != 0) { /* two output pixels (in raster order) per pass over the rows */
        for (; p + 2u <= pixels; p += 2u) {
            gather_patch(in, win, (int32_t)(p / width), (int32_t)(p % width), col);
            gather_patch(in, win, (int32_t)((p + 1u) / width), (int32_t)((p + 1u) % width), col + stride);
            rows_apply_pair(wt, col, stride, out->data + p * wt->rows, out->zero_point, act);
        }
    }
    for (; p < pixels; p++) {
        gather_patch(in, win, (int32_t)(p / width), (int32_t)(p % width), col);
        rows_apply(wt, col, out->data + p * wt->rows, out->zero_point, act);
    }
}

/* One tap of a depthwise kernel: its offset in the window and its weight. */
typedef struct {
    uint8_t ky, kx;
    int16_t weight;
} tap_t;

/* Depthwise rows are short (kh*kw): each channel's non-zero taps are listed once, then every output
 * pixel visits only those. A dense row lists all its taps, a sparse one only its kept blocks. */
static uint32_t channel_taps(const weights_t *wt, uint32_t c, uint8_t kernel_w, const uint8_t **skip,
                             const int8_t **value, tap_t *taps)
{
    uint32_t n = 0;
    if (wt->dense != NULL) {
        const int8_t *w = wt->dense + c * wt->length;
        for (uint32_t i = 0; i < wt->length; i++) {
            taps[n++] = (tap_t){(uint8_t)(i / kernel_w), (uint8_t)(i % kernel_w), w[i]};
        }
        return n;
    }
    uint32_t position = 0;
    for (uint32_t k = 0; k < wt->counts[c]; k++) {
        position += (uint32_t)(*skip)[k] * wt->block;
        for (uint32_t b = 0; b < wt->block; b++, position++) {
            if ((*value)[b] != 0) { /* fillers and zeros inside kept blocks add nothing */
                taps[n++] = (tap_t){(uint8_t)(position / kernel_w), (uint8_t)(position % kernel_w), (*value)[b]};
            }
        }
        *value += wt->block;
    }
    *skip += wt->counts[c];
    return n;
}

void depthwise_conv2d(const tensor_t *in, tensor_t *out, const weights_t *wt, const window_t *win, act_t act)
{
    tap_t *taps = (tap_t *)kernel_scratch; /* wt->length taps fit: checked by blob.c */
    const uint32_t channels = in->c;
    const uint8_t *skip = wt->skips;
    const int8_t *value = wt->values;
    for (uint32_t c = 0; c < channels; c++) {
        const uint32_t tap_count = channel_taps(wt, c, win->kernel_w, &skip, &value, taps);
        const int8_t *x = in->data + c;
        for (int32_t oy = 0; oy < out->h; oy++) {
            const int32_t iy0 = oy * win->stride_h - win->pad_top;
            for (int32_t ox = 0; ox < out->w; ox++) {
                const int32_t ix0 = ox * win->stride_w - win->pad_left;
                int32_t acc = wt->bias[c];
                for (uint32_t t = 0; t < tap_count; t++) {
                    const int32_t iy = iy0 + taps[t].ky, ix = ix0 + taps[t].kx;
                    if (iy >= 0 && iy < in->h && ix >= 0 && ix < in->w) {
                        acc += (x[((uint32_t)iy * in->w + (uint32_t)ix) * channels] - in->zero_point) * taps[t].weight;
                    }
                }
                out->data[((uint32_t)oy * out->w + (uint32_t)ox) * channels + c] =
                    tf_output(acc, wt->mult[c], wt->shift[c], out->zero_point, act.min, act.max);
            }
        }
    }
}
