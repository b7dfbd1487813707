"""glibc's malloc, set up for DuckDB's buffers.

DuckDB's Python wheel for Linux allocates much of its memory through glibc (the rest: below). glibc
hands out every block of more than 128 KiB as a fresh mmap and unmaps it when freed. A 10M-record
profile step therefore spent a third of its CPU time in the kernel, most of it zeroing new pages:
perf showed `clear_page_erms` at 16% of all samples. Raising the threshold to glibc's cap (32 MiB)
lets freed blocks be reused from the heap instead. That step took 38.6-42.3 s in 6 runs with it
against 47.0-50.2 s in 5 without (10-14 s of system time against 24-31 s), at the same peak memory
(11.3 GiB). It made no difference to the identity step (57.0 s without it, 56.0-57.8 s in 3 runs
with it), nor under a 5GB memory limit (one run each way).

DuckDB's own block allocator still releases its freed 256 KiB blocks with madvise: about 23K
calls in a 10M-record identity step. Its `block_allocator_memory` setting keeps them (20% fewer
page faults), but made no step faster in 3 interleaved runs each way, so it is left unset.

DuckDB 2.0.1's wheel also bundles jemalloc (symbols `duckdb_je_*`, configured
`dirty_decay_ms:1000,muzzy_decay_ms:0`): in a 10M-record identity step its decay purge handed
19.5 GiB back with MADV_DONTNEED (perf, one run), glibc's heaps far less. Keeping those pages
(`DUCKDB_JE_MALLOC_CONF=dirty_decay_ms:-1`) cut the step's page faults from 4.37M to 3.69M but
not its time (48.6 s against 47.8 s, one run each) and raised its peak from 11.5 to 12.9 GiB;
`thp:always` is refused ("No THP support"). Neither is set. DuckDB's `allocator_flush_threshold`
and `allocator_bulk_deallocation_flush_threshold` changed neither faults nor time (100GB, 2 runs).
"""

from __future__ import annotations

import ctypes
import sys

M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h
LARGEST_THRESHOLD = 32 * 1024 * 1024  # glibc refuses more on 64-bit (HEAP_MAX_SIZE / 2)


def reuse_freed_buffers() -> bool:
    """Serve allocations up to 32 MiB from glibc's heap. True when set; False where the C library
    is not glibc (macOS, musl), which is left as it is. The setting holds for the whole process."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(M_MMAP_THRESHOLD, LARGEST_THRESHOLD) == 1
