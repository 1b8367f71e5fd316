/*
 * STM32F746 (e.g. the STM32F746G-DISCO board) - compiled and linked by the build (`make stm32f746`),
 * NEVER RUN on hardware or an emulator by this project (QEMU has no STM32F7 machine). What it does and
 * what a port still needs is listed in docs/tinyformer/FIRMWARE.md ("Porting to a real STM32F746").
 *  - Serial: USART1 on PA9 (TX) / PA10 (RX), alternate function 7 - the ST-LINK virtual COM port of
 *    the DISCO board - 115200 8N1 from the 16 MHz HSI the chip boots on, RX interrupt (IRQ 37) into a ring.
 *  - Timer: the DWT cycle counter (CYCCNT), extended to 64 bits; the unit is CPU cycles.
 *  - Model store: the internal flash (single bank, sectors of 4 x 32, 128 and 3 x 256 KB), erased
 *    and programmed through the FLASH registers, read in place at 0x08000000. The firmware keeps
 *    sectors 0-1 (64 KB, the linker script's FLASH); the two metadata records get sectors 2 and 3
 *    (one each, so erasing one never touches the other); slot 0 = sectors 4-5 (384 KB), slot 1 =
 *    sectors 6-7 (512 KB, of which the 384 KB slot capacity is used). The two-slot protocol itself
 *    is model_store.c, the same as on every board.
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
#define FLASH_KEYR (*(volatile uint32_t *)0x40023C04u)
#define FLASH_SR (*(volatile uint32_t *)0x40023C0Cu)
#define FLASH_CR (*(volatile uint32_t *)0x40023C10u)
#define FLASH_KEY1 0x45670123u
#define FLASH_KEY2 0xCDEF89ABu
#define FLASH_SR_BSY (1u << 16)
#define FLASH_SR_ERRORS 0xF2u /* ERSERR, PGPERR, PGAERR, WRPERR, OPERR */
#define FLASH_CR_PG (1u << 0)
#define FLASH_CR_SER (1u << 1)
#define FLASH_CR_SNB_SHIFT 3u
#define FLASH_CR_PSIZE_X8 (0u << 8)
#define FLASH_CR_PSIZE_X32 (2u << 8) /* needs VDD 2.7-3.6 V: the DISCO board runs at 3.3 V */
#define FLASH_CR_STRT (1u << 16)
#define FLASH_CR_LOCK (1u << 31)
#define FLASH_BASE 0x08000000u
#define STORE_FIRST_SECTOR 2u /* sectors 0-1 hold the firmware: never erased or programmed here */
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

/* ---- Model store: internal flash ---- */

/* Start offsets of the sectors (from 0x08000000) and the end of the 1 MB flash. */
#define SECTOR_START(n) ((n) < 4u ? (n) * 0x8000u : (n) == 4u ? 0x20000u : ((n) - 4u) * 0x40000u)
static const uint32_t sector_start[] = {SECTOR_START(0u), SECTOR_START(1u), SECTOR_START(2u),
                                        SECTOR_START(3u), SECTOR_START(4u), SECTOR_START(5u),
                                        SECTOR_START(6u), SECTOR_START(7u), SECTOR_START(8u)};
#define SECTORS 8u

/* The store layout, and what makes the two-slot protocol safe on sector-erased flash. */
#define RECORD_A SECTOR_START(2u)
#define RECORD_B SECTOR_START(3u)
#define SLOT_0 SECTOR_START(4u)
#define SLOT_1 SECTOR_START(6u)
#define SLOT_CAPACITY (384u * 1024u)
_Static_assert(SECTOR_START(8u) == 1024u * 1024u && SECTOR_START(5u) == 0x40000u, "F746 sector map");
_Static_assert(RECORD_A >= SECTOR_START(STORE_FIRST_SECTOR), "records stay out of the firmware's sectors");
_Static_assert(RECORD_B - RECORD_A == SECTOR_START(3u) - SECTOR_START(2u) && SLOT_0 >= RECORD_B + 0x8000u,
               "each record has a sector of its own: erasing one leaves the other");
_Static_assert(SLOT_0 + SLOT_CAPACITY <= SLOT_1 && SLOT_1 + SLOT_CAPACITY <= SECTOR_START(8u),
               "the slots share no sector with each other or a record, and fit the flash");

const uint8_t *board_store_base(void)
{
    return (const uint8_t *)FLASH_BASE; /* read in place: the interpreter runs the weights from flash */
}

const board_store_layout_t *board_store_layout(void)
{
    static const board_store_layout_t layout = {{RECORD_A, RECORD_B}, {SLOT_0, SLOT_1}, SLOT_CAPACITY};
    return &layout;
}

/* 0 when [offset, offset + length) lies in the store's sectors (2-7), never in the firmware's. */
static int store_range_ok(uint32_t offset, uint32_t length)
{
    return offset >= sector_start[STORE_FIRST_SECTOR] && offset <= sector_start[SECTORS]
                   && length <= sector_start[SECTORS] - offset
               ? 0
               : -1;
}

static void flash_unlock(void)
{
    if (FLASH_CR & FLASH_CR_LOCK) {
        FLASH_KEYR = FLASH_KEY1;
        FLASH_KEYR = FLASH_KEY2;
    }
}

/* Waits for the operation to end (the CPU stalls on flash fetches meanwhile: the UART interrupt is
 * late, a lost byte becomes a frame CRC error and the host resends); 0 unless an error flag is set. */
static int flash_wait(void)
{
    while (FLASH_SR & FLASH_SR_BSY) {
    }
    const uint32_t errors = FLASH_SR & FLASH_SR_ERRORS;
    FLASH_SR = errors; /* write 1 to clear */
    return errors == 0 ? 0 : -1;
}

int board_store_erase(uint32_t offset, uint32_t length)
{
    if (store_range_ok(offset, length) != 0) {
        return -1;
    }
    flash_unlock();
    int status = flash_wait();
    for (uint32_t sector = STORE_FIRST_SECTOR; status == 0 && sector < SECTORS; sector++) {
        if (sector_start[sector + 1u] <= offset || sector_start[sector] >= offset + length) {
            continue; /* outside the range, which is rounded out to whole sectors */
        }
        FLASH_CR = FLASH_CR_PSIZE_X32 | FLASH_CR_SER | (sector << FLASH_CR_SNB_SHIFT);
        FLASH_CR |= FLASH_CR_STRT;
        __asm__ volatile("dsb" ::: "memory");
        status = flash_wait();
    }
    FLASH_CR = FLASH_CR_LOCK;
    return status;
}

/* Programs words where the flash address is word-aligned and bytes at the unaligned edges (chunk
 * offsets follow the host's chunk sizes). Each write is checked by reading it back. */
int board_store_write(uint32_t offset, const uint8_t *data, uint32_t length)
{
    if (store_range_ok(offset, length) != 0) {
        return -1;
    }
    flash_unlock();
    int status = flash_wait();
    uint32_t done = 0;
    while (status == 0 && done < length) {
        const uint32_t address = FLASH_BASE + offset + done;
        if ((address & 3u) == 0 && length - done >= 4u) {
            uint32_t word;
            memcpy(&word, data + done, 4);
            FLASH_CR = FLASH_CR_PSIZE_X32 | FLASH_CR_PG;
            *(volatile uint32_t *)address = word;
            __asm__ volatile("dsb" ::: "memory");
            status = flash_wait() != 0 || *(volatile const uint32_t *)address != word ? -1 : 0;
            done += 4u;
        } else {
            FLASH_CR = FLASH_CR_PSIZE_X8 | FLASH_CR_PG;
            *(volatile uint8_t *)address = data[done];
            __asm__ volatile("dsb" ::: "memory");
            status = flash_wait() != 0 || *(volatile const uint8_t *)address != data[done] ? -1 : 0;
            done += 1u;
        }
    }
    FLASH_CR = FLASH_CR_LOCK;
    return status;
}

int board_store_persistent(void)
{
    return 1;
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
