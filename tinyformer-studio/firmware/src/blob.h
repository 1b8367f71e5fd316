/*
 * Parser and validator of the TinyFormer model blob (docs/tinyformer/BLOB_FORMAT.md, version 2).
 * blob_parse checks every rule of the format before anything runs, so the interpreter and the
 * kernels never meet an out-of-range offset, shape or parameter.
 */
#ifndef SPARSE_ENGINE_BLOB_H
#define SPARSE_ENGINE_BLOB_H
#include <stdint.h>

#define BLOB_FORMAT_VERSION 2u
#define BLOB_HEADER_BYTES 64u
#define BLOB_TENSOR_BYTES 24u
#define BLOB_LAYER_BYTES 64u
#define BLOB_MAX_TENSORS 1024u
#define BLOB_MAX_LAYERS 1024u
#define BLOB_NO_TENSOR 0xFFFFu
#define BLOB_FLAG_SPARSE 0x01u

enum blob_op {
    OP_CONV2D = 1, OP_DEPTHWISE_CONV2D = 2, OP_FULLY_CONNECTED = 3, OP_ADD = 4, OP_AVG_POOL2D = 5,
    OP_LAYER_NORM = 6, OP_ATTN_SCORES = 7, OP_SOFTMAX = 8, OP_ATTN_CONTEXT = 9, OP_GELU = 10
};

/* The first broken rule; blob_model_t.failed_index names the tensor or layer. */
typedef enum {
    BLOB_OK = 0,
    BLOB_TOO_SHORT = 1,
    BLOB_BAD_MAGIC = 2,
    BLOB_BAD_VERSION = 3,
    BLOB_BAD_HEADER = 4,       /* header size, total size, counts, canonical offsets, reserved */
    BLOB_BAD_CRC = 5,
    BLOB_BAD_IO_TENSORS = 6,   /* input/output tensor ids, input shape, zero point, scale, output size */
    BLOB_BAD_TENSOR = 7,       /* shape, size, scale, zero point, reserved */
    BLOB_BAD_ARENA = 8,        /* tensor outside the arena, misaligned, arena size */
    BLOB_BAD_GRAPH = 9,        /* producer / order rules */
    BLOB_BAD_OP = 10,          /* unknown op, flags or block size */
    BLOB_BAD_FIELD = 11,       /* a field the op does not use is not zero, or tensor id out of range */
    BLOB_BAD_SHAPE = 12,
    BLOB_BAD_QUANT = 13,       /* mult / shift out of range */
    BLOB_BAD_WEIGHTS = 14,     /* weights offset / size */
    BLOB_BAD_PARAMS = 15,      /* parameter offset / size / values */
    BLOB_BAD_SPARSE = 16,      /* sparse counts, runs, padding */
    BLOB_ALIASING = 17,        /* a layer's output overlaps one of its inputs */
    BLOB_UNSUPPORTED = 18      /* valid, but beyond this board's kernel buffers (see FIRMWARE.md) */
} blob_status_t;

typedef struct {
    const uint8_t *base;
    uint32_t length;
    uint16_t tensor_count;
    uint16_t layer_count;
    uint16_t input_tensor;
    uint16_t output_tensor;
    uint32_t arena_bytes;
    uint32_t input_bytes;
    uint32_t output_bytes;
    uint32_t failed_index;
} blob_model_t;

typedef struct {
    uint16_t h, w, c;
    uint32_t arena_offset;
    uint32_t size;
    int32_t zero_point;
} blob_tensor_t;

typedef struct {
    uint8_t op, flags, block;
    uint16_t in0, in1, out, heads;
    uint8_t kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_bottom, pad_left, pad_right;
    int8_t act_min, act_max;
    uint32_t weights_offset, weights_size, params_offset, params_size;
    int32_t mult[3], shift[3];
} blob_layer_t;

blob_status_t blob_parse(const uint8_t *data, uint32_t length, blob_model_t *model);

/* Accessors for a parsed blob (indices already validated). */
blob_tensor_t blob_tensor(const blob_model_t *model, uint32_t index);
blob_layer_t blob_layer(const blob_model_t *model, uint32_t index);

#endif
