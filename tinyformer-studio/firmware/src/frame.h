/* Frame parser (byte at a time, resynchronises on the sync word) and encoder; see protocol.h. */
#ifndef SPARSE_ENGINE_FRAME_H
#define SPARSE_ENGINE_FRAME_H
#include <stddef.h>
#include <stdint.h>
#include "protocol.h"

typedef struct {
    uint8_t type;
    uint8_t seq;
    uint16_t length;
    uint8_t payload[FRAME_MAX_PAYLOAD];
} frame_t;

typedef enum {
    FRAME_PENDING,     /* need more bytes */
    FRAME_READY,       /* parser->frame holds a complete, CRC-checked frame */
    FRAME_BAD_CRC,     /* a frame arrived whole but its CRC failed; type and seq as received */
    FRAME_BAD_LENGTH   /* the length field exceeded FRAME_MAX_PAYLOAD; the parser is hunting again */
} frame_event_t;

typedef struct {
    uint8_t state;
    uint8_t header[4];  /* type, seq, length lo, length hi */
    uint16_t received;  /* bytes received in the current state */
    uint32_t crc_field;
    frame_t frame;
} frame_parser_t;

void frame_parser_reset(frame_parser_t *parser);

frame_event_t frame_parser_push(frame_parser_t *parser, uint8_t byte);

/* Writes a complete frame into out; returns its size, or 0 when it does not fit (cap) or length is too large. */
size_t frame_encode(uint8_t *out, size_t cap, uint8_t type, uint8_t seq, const uint8_t *payload, uint16_t length);

#endif
