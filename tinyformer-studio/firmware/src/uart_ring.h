/* Receive ring between a board's UART interrupt and the main loop (board_uart_read /
 * board_wait_for_input of board.h are implemented on it). */
#ifndef SPARSE_ENGINE_UART_RING_H
#define SPARSE_ENGINE_UART_RING_H
#include <stdint.h>

/* Called from the receive interrupt; a byte that does not fit is dropped (the frame CRC reports it). */
void uart_ring_push(uint8_t byte);

#endif
