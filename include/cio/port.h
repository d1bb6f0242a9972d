/* cio/port.h - what a bare-metal port provides.
 *
 * With the `none` backend (CIO_CONF_HOSTED == 0) the library has no
 * operating system: it gets time and idling from three functions the
 * application (or its board support package) defines. A different header
 * may replace this one: -DCIO_PORT_HEADER='"my_port.h"' (it must declare
 * the same three functions, or define them as macros).
 *
 *     // Cortex-M, SysTick at 1 kHz:
 *     static volatile uint32_t ticks;
 *     void SysTick_Handler(void) { ticks++; }
 *     cio_time_t cio_port_now(void) { return CIO_MS(ticks); }
 *     void cio_port_idle(cio_time_t timeout) { (void)timeout; __WFI(); }
 *     void cio_port_wakeup(void) { }   // any interrupt ends __WFI already
 *
 * Hosted builds (epoll, poll) use clock_gettime(CLOCK_MONOTONIC) and the
 * backend's poll call instead, and do not need a port.
 */
#ifndef CIO_PORT_H
#define CIO_PORT_H

#ifdef CIO_PORT_HEADER
#include CIO_PORT_HEADER
#else

#include "cio/loop.h"

/** A monotonic clock in nanoseconds (any origin). */
cio_time_t cio_port_now(void);

/** Nothing is ready to run: wait until an interrupt may have made
 *  something ready, or at most `timeout` ns (negative: no limit; the loop
 *  passes its next timer's distance). Returning early is always allowed. */
void cio_port_idle(cio_time_t timeout);

/** Make a cio_port_idle() in progress return; called by
 *  cio_loop_call_soon_threadsafe(), possibly from an interrupt handler. */
void cio_port_wakeup(void);

#endif /* CIO_PORT_HEADER */

/* CIO_PORT_IRQ_SAVE() / CIO_PORT_IRQ_RESTORE(state)
 *
 * Bare metal only: a critical section around the queue that
 * cio_loop_call_soon_threadsafe() appends to, for ports that call it from
 * an interrupt handler. SAVE returns an `int` state for RESTORE. Default:
 * nothing (no interrupt handler schedules callbacks). Cortex-M:
 *     #define CIO_PORT_IRQ_SAVE() cm_irq_save()   // reads PRIMASK, cpsid i
 *     #define CIO_PORT_IRQ_RESTORE(s) cm_irq_restore(s)
 */
#ifndef CIO_PORT_IRQ_SAVE
#define CIO_PORT_IRQ_SAVE() 0
#define CIO_PORT_IRQ_RESTORE(state) ((void)(state))
#endif
#endif /* CIO_PORT_H */
