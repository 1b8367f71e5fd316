/*
 * STM32F746 (e.g. the STM32F746G-DISCO board) - PORT TEMPLATE, compile- and link-checked by
 * `make stm32f746`, never run on hardware by this project. What it does and what a port still needs is
 * listed in docs/tinyformer/FIRMWARE.md ("Porting to a real STM32F746").
 *  - Serial: USART1 on PA9 (TX) / PA10 (RX), alternate function 7 - the ST-LINK virtual COM port of
 *    the DISCO board - 115200 8N1 from the 16 MHz HSI the chip boots on, RX interrupt (IRQ 37) into a ring.
 *  - Timer: the DWT cycle counter (CYCCNT), extended to 64 bits; the unit is CPU cycles.
 *  - Model store: NOT implemented (the functions fail, so an upload ends in ERR_STORE_IO): it needs a
 *    driver for the 16 MB QSPI flash (4 KB subsectors match the 4 KB metadata area of model_store.c),
 *    read memory-mapped at 0x90000000.
 */
#include <stdint.h>
#include <string.h>
#include "board.h"
#include "uart_ring.h"

#define RCC_AHB1ENR (*(volatile uint32_t *)0x40023830u)
#define RCC_APB2ENR (*(volatile uint32_t *)0x40023844u)
#define GPIOA_MODER (*(volatile uint32_t *)0x40020000u)
#define GPIOA_AFRH (*(volatile uint32_t *)0x40020024u)
#define USART1_CR1 (*(volatile uint32_t *)0x40011000u)
#define USART1_BRR (*(volatile uint32_t *)0x4001100Cu)
#define USART1_ISR (*(volatile uint32_t *)0x4001101Cu)
#define USART1_ICR (*(volatile uint32_t *)0x40011020u)
#define USART1_RDR (*(volatile uint32_t *)0x40011024u)
#define USART1_TDR (*(volatile uint32_t *)0x40011028u)
#define USART_ISR_RXNE (1u << 5)
#define USART_ISR_TXE (1u << 7)
#define USART_ISR_ORE (1u << 3)
#define NVIC_ISER1 (*(volatile uint32_t *)0xE000E104u)
#define DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)
#define DWT_LAR (*(volatile uint32_t *)0xE0001FB0u)
#define HSI_HZ 16000000u
#define BAUD 115200u

static uint32_t cycles_high, cycles_last;

extern uint8_t __arena_start[], __arena_end[];

void board_uart_irq(void)
{
    if (USART1_ISR & USART_ISR_ORE) {
        USART1_ICR = USART_ISR_ORE; /* a lost byte: the frame CRC reports it */
    }
    while (USART1_ISR & USART_ISR_RXNE) {
        uart_ring_push((uint8_t)USART1_RDR);
    }
}

void board_systick_irq(void)
{
}

void board_hardfault_irq(void)
{
    for (;;) {
    }
}

void board_uart_write(const uint8_t *data, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        while (!(USART1_ISR & USART_ISR_TXE)) {
        }
        USART1_TDR = data[i];
    }
}

/* CYCCNT wraps every 2^32 cycles (20 s at 216 MHz): extended on every read, which inference does
 * layer by layer, far more often than that. */
uint64_t board_ticks(void)
{
    uint32_t now = DWT_CYCCNT;
    if (now < cycles_last) {
        cycles_high++;
    }
    cycles_last = now;
    return ((uint64_t)cycles_high << 32) | now;
}

uint64_t board_ticks_to_units(uint64_t ticks)
{
    return ticks;
}

const char *board_timer_unit(void)
{
    return "cycles";
}

const uint8_t *board_store_base(void)
{
    return (const uint8_t *)0x90000000u; /* QSPI flash, memory-mapped once the driver is ported */
}

uint32_t board_store_size(void)
{
    return 0; /* no store until the QSPI driver exists: the board boots without a model, uploads fail cleanly */
}

int board_store_erase(uint32_t offset, uint32_t length)
{
    (void)offset;
    (void)length;
    return -1;
}

int board_store_write(uint32_t offset, const uint8_t *data, uint32_t length)
{
    (void)offset;
    (void)data;
    (void)length;
    return -1;
}

int board_store_persistent(void)
{
    return 0;
}

uint8_t *board_arena(void)
{
    return __arena_start;
}

uint32_t board_arena_size(void)
{
    return (uint32_t)(__arena_end - __arena_start);
}

const char *board_name(void)
{
    return "stm32f746";
}

void board_init(void)
{
    RCC_AHB1ENR |= 1u << 0; /* GPIOA */
    RCC_APB2ENR |= 1u << 4; /* USART1 */
    GPIOA_MODER = (GPIOA_MODER & ~(0xFu << 18)) | (0xAu << 18);      /* PA9, PA10: alternate function */
    GPIOA_AFRH = (GPIOA_AFRH & ~(0xFFu << 4)) | (0x77u << 4);         /* AF7 = USART1 */
    USART1_BRR = (HSI_HZ + BAUD / 2u) / BAUD;
    USART1_CR1 = (1u << 0) | (1u << 2) | (1u << 3) | (1u << 5);      /* UE, RE, TE, RXNEIE */
    NVIC_ISER1 = 1u << (37 - 32);
    DEMCR |= 1u << 24;  /* TRCENA: enable the DWT */
    DWT_LAR = 0xC5ACCE55u; /* Cortex-M7: unlock the DWT registers */
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1u;     /* CYCCNTENA */
}
