#include "frame.h"
#include <string.h>
#include "crc32.h"

enum { HUNT_SYNC0, HUNT_SYNC1, READ_HEADER, READ_PAYLOAD, READ_CRC };

void frame_parser_reset(frame_parser_t *parser)
{
    parser->state = HUNT_SYNC0;
    parser->received = 0;
    parser->crc_field = 0;
}

static frame_event_t finish(frame_parser_t *parser)
{
    uint32_t crc = crc32_update(0, parser->header, sizeof parser->header);
    crc = crc32_update(crc, parser->frame.payload, parser->frame.length);
    const uint32_t received_crc = parser->crc_field;
    frame_parser_reset(parser);
    return crc == received_crc ? FRAME_READY : FRAME_BAD_CRC;
}

frame_event_t frame_parser_push(frame_parser_t *parser, uint8_t byte)
{
    switch (parser->state) {
    case HUNT_SYNC0:
        if (byte == FRAME_SYNC0) {
            parser->state = HUNT_SYNC1;
        }
        return FRAME_PENDING;
    case HUNT_SYNC1:
        /* A repeated 0xA5 may itself be the start of the sync word. */
        parser->state = byte == FRAME_SYNC1 ? READ_HEADER : byte == FRAME_SYNC0 ? HUNT_SYNC1 : HUNT_SYNC0;
        parser->received = 0;
        return FRAME_PENDING;
    case READ_HEADER:
        parser->header[parser->received++] = byte;
        if (parser->received < sizeof parser->header) {
            return FRAME_PENDING;
        }
        parser->frame.type = parser->header[0];
        parser->frame.seq = parser->header[1];
        parser->frame.length = (uint16_t)(parser->header[2] | (parser->header[3] << 8));
        parser->received = 0;
        if (parser->frame.length > FRAME_MAX_PAYLOAD) {
            frame_parser_reset(parser);
            return FRAME_BAD_LENGTH;
        }
        parser->state = parser->frame.length == 0 ? READ_CRC : READ_PAYLOAD;
        parser->crc_field = 0;
        return FRAME_PENDING;
    case READ_PAYLOAD:
        parser->frame.payload[parser->received++] = byte;
        if (parser->received == parser->frame.length) {
            parser->state = READ_CRC;
            parser->received = 0;
            parser->crc_field = 0;
        }
        return FRAME_PENDING;
    case READ_CRC:
        parser->crc_field |= (uint32_t)byte << (8u * parser->received);
        parser->received++;
        return parser->received < FRAME_CRC_BYTES ? FRAME_PENDING : finish(parser);
    default:
        frame_parser_reset(parser);
        return FRAME_PENDING;
    }
}

size_t frame_encode(uint8_t *out, size_t cap, uint8_t type, uint8_t seq, const uint8_t *payload, uint16_t length)
{
    size_t total = FRAME_HEADER_BYTES + (size_t)length + FRAME_CRC_BYTES;
    if (length > FRAME_MAX_PAYLOAD || total > cap) {
        return 0;
    }
    out[0] = FRAME_SYNC0;
    out[1] = FRAME_SYNC1;
    out[2] = type;
    out[3] = seq;
    out[4] = (uint8_t)length;
    out[5] = (uint8_t)(length >> 8);
    if (length > 0) {
        memmove(out + FRAME_HEADER_BYTES, payload, length);
    }
    uint32_t crc = crc32_compute(out + 2, 4u + length);
    uint8_t *tail = out + FRAME_HEADER_BYTES + length;
    for (int i = 0; i < 4; i++) {
        tail[i] = (uint8_t)(crc >> (8 * i));
    }
    return total;
}
