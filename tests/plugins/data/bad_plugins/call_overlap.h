/* Plugins that count how many of their extract calls overlap: the test of the host's promise that a plugin
 * which did not declare NEWSARC_PLUGIN_CONCURRENT is called from one thread at a time. extract reports the
 * largest overlap seen so far in the field "max_in_flight". */
#ifndef NEWSARC_TEST_CALL_OVERLAP_H
#define NEWSARC_TEST_CALL_OVERLAP_H
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "common.h"

static atomic_int in_flight;
static atomic_int max_in_flight;

/* Waits in steps of 1 ms until two calls have overlapped or `wait_ms` pass: long enough for threads
 * that run in parallel to meet, bounded for ones that take turns. */
static inline void overlap_wait(int wait_ms) {
    const struct timespec step = {0, 1000000L};
    for (int waited = 0; waited < wait_ms && atomic_load(&max_in_flight) < 2; ++waited) {
        nanosleep(&step, NULL);
    }
}

static inline newsarc_status overlap_extract(const newsarc_page *page, const newsarc_host_api *host, void *call,
                                      int wait_ms) {
    char text[16];
    const int now = atomic_fetch_add(&in_flight, 1) + 1;
    int seen = atomic_load(&max_in_flight);
    while (now > seen && !atomic_compare_exchange_weak(&max_in_flight, &seen, now)) {
    }
    overlap_wait(wait_ms);
    atomic_fetch_sub(&in_flight, 1);
    const int length = snprintf(text, sizeof text, "%d", atomic_load(&max_in_flight));
    const newsarc_str name = {"max_in_flight", 13};
    const newsarc_str value = {text, (size_t)length};
    (void)page;
    host->set_field(call, name, value);
    host->add_paragraph(call, value);
    return NEWSARC_OK;
}
#endif
