/*
 * SparseEngine serial protocol: message types, error codes and limits shared by the
 * firmware and (mirrored in studio.mammoth.tinyformer.board.Protocol) the host.
 *
 * Frame on the wire (all integers little-endian):
 *   0xA5 0x5A | type u8 | seq u8 | length u16 | payload[length] | crc32 u32
 * The CRC-32 (IEEE 802.3, the same as the blob's) covers type, seq, length and payload.
 * A reply carries the request's seq and type | 0x80, or MSG_ERROR.
 */
#ifndef SPARSE_ENGINE_PROTOCOL_H
#define SPARSE_ENGINE_PROTOCOL_H

#define PROTOCOL_VERSION 1u
#define FIRMWARE_VERSION "sparse-engine 0.2.0"
#define PING_MAGIC 0x4E455053u /* "SPEN" little-endian: identifies SparseEngine on a serial port */

#define FRAME_SYNC0 0xA5u
#define FRAME_SYNC1 0x5Au
#define FRAME_HEADER_BYTES 6u  /* sync0 sync1 type seq length(2) */
#define FRAME_CRC_BYTES 4u
#define FRAME_MAX_PAYLOAD 2048u
#define LOAD_CHUNK_MAX (FRAME_MAX_PAYLOAD - 4u) /* a chunk frame is offset u32 + data */

enum msg_type {
    MSG_PING = 0x01,        /* -> magic u32, protocol u16, firmware version string */
    MSG_INFO = 0x02,        /* -> see commands.c reply_info */
    MSG_LOAD_BEGIN = 0x10,  /* total u32, crc32 u32 -> load status */
    MSG_LOAD_CHUNK = 0x11,  /* offset u32, data -> load status */
    MSG_LOAD_STATUS = 0x12, /* -> load status: total u32, crc u32, next_offset u32, state u8 */
    MSG_VERIFY = 0x13,      /* -> computed crc u32, blob length u32 */
    MSG_ACTIVATE = 0x14,    /* -> active slot u8, blob crc u32 */
    MSG_INFER = 0x20,       /* input tensor bytes -> units u64, output length u16, output tensor */
    MSG_PROFILE = 0x21,     /* first layer u16 -> per-layer units of the last inference (paged) */
    MSG_BENCH = 0x30,       /* kernel, shape, density -> dense and sparse units (bench.h) */
    MSG_REPLY_FLAG = 0x80,
    MSG_ERROR = 0xFF        /* request type u8, code u16, detail u32, message */
};

enum error_code {
    ERR_FRAME_CRC = 1,      /* the frame's CRC did not match: resend it */
    ERR_FRAME_LENGTH = 2,   /* length field above FRAME_MAX_PAYLOAD */
    ERR_UNKNOWN_TYPE = 3,
    ERR_BAD_PAYLOAD = 4,    /* payload size or a field out of range; detail = offending value */
    ERR_NO_SPACE = 5,       /* blob larger than a slot; detail = slot capacity */
    ERR_OFFSET = 6,         /* chunk offset is not the next expected one; detail = next expected */
    ERR_NOT_STAGED = 7,     /* no upload in progress or upload incomplete */
    ERR_VERIFY_CRC = 8,     /* staged bytes do not match the announced CRC; detail = computed */
    ERR_BLOB_INVALID = 9,   /* blob failed validation; detail = blob_status */
    ERR_NOT_VERIFIED = 10,  /* activate before a successful verify */
    ERR_NO_MODEL = 11,      /* no active model */
    ERR_INPUT_SIZE = 12,    /* input length differs from the model's; detail = expected */
    ERR_ARENA = 13,         /* the model's activation plan exceeds the arena; detail = arena bytes */
    ERR_STORE_IO = 14,      /* persistent store write failed */
    ERR_RUNTIME = 15        /* inference stopped on an inconsistent layer; detail = layer index */
};

#endif
