/* Test hooks of board_host.c. */
#ifndef SPARSE_ENGINE_BOARD_HOST_H
#define SPARSE_ENGINE_BOARD_HOST_H
#include <stddef.h>
#include <stdint.h>

/* Everything board_uart_write sent since the last clear. */
const uint8_t *host_board_sent(size_t *length);
void host_board_clear_sent(void);

#endif
