"""The C heap through a long show: frame-sized blocks given back to the system when freed.

glibc serves a block above its mmap threshold with a mapping of its own, unmapped when freed;
but the threshold starts at 128 KiB and rises to the size of every such block freed, so after
the first few frames every canvas-sized buffer (a 720p I420 frame is 1.4 MB) is carved out of
the per-thread arenas instead. Freed there, it stays resident, and the arenas fragment: the
bare 720p rehearsal's window held 45-55 MB of free heap and climbed through the show
(`tools/bench_memory.py`, issue 26). A fixed threshold keeps big blocks in their own
mappings, so what a frame frees leaves at once, and the small allocations stay in the arenas
as before. 1 MiB, not less: a block above it made and freed 30 times a second is faulted in
anew each time (the preview's 0.9 MB RGB picture cost 7,000 page faults a second at 512 KiB),
and the preview draws into the picture it showed last for the same reason.

And the arenas are two, not glibc's eight per core: each of the show's twenty-odd threads
(capture, clock, encoder, audio, outputs, Qt's pools) otherwise gets one, each keeping its
own freed blocks; what they allocate is small and rare (the frames are NumPy's and FFmpeg's,
mapped on their own), so sharing them costs little.

NumPy asks the kernel for transparent huge pages (madvise) on each array of 4 MB or more.
Where such an array was carved out of the heap, the mark stays after it is freed, and the
kernel backs each 2 MB of the reused heap with a whole huge page however little of it is in
use (26 MB of such pages in the memory bench's heap, from a clip it had made before the
window opened). Off: the studio's arrays are a few MB, where huge pages save nothing
measurable. (x264 asks for them too, for its own frames, which it fills: left as it is.)
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import sys

M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # glibc's mallopt parameters
MMAP_THRESHOLD_BYTES = 1024 * 1024  # a 720p frame and up; smaller buffers keep the arenas
ARENAS = 2  # the main one and one the threads share
_tuned = False


@functools.cache  # one lookup a process: `trim_heap` runs on each encoder step
def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None  # Windows and macOS allocators give big blocks back by themselves
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl): its own allocator, nothing to tune
        return None


def lean_heap() -> None:
    """Fix glibc's mmap threshold and arenas and turn NumPy's huge pages off (once a
    process): big buffers freed go back to the system, the small ones' free space is shared,
    and none is padded to 2 MB pages."""
    global _tuned
    if _tuned:
        return
    _tuned = True
    libc = _libc()
    if libc is not None:
        with contextlib.suppress(AttributeError):
            libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
            libc.mallopt(M_ARENA_MAX, ARENAS)
        # NumPy's own switch (its NUMPY_MADVISE_HUGEPAGE=0, for a process already running)
        with contextlib.suppress(ImportError):
            from numpy._core import multiarray

            switch = getattr(multiarray, "_set_madvise_hugepage", None)
            if switch is not None:
                switch(False)


def release_memory() -> None:
    """After a show: what it left in reference cycles collected, and the C heap trimmed, so
    the memory a long show used is returned to the system after Stop (glibc keeps freed
    blocks of its many per-thread arenas for reuse otherwise, and the window would sit at
    its peak until it closes)."""
    gc.collect()
    trim_heap()


def trim_heap() -> None:
    """Hand what the C heap holds free back to the system (glibc's `malloc_trim`; elsewhere
    nothing). Cheap enough for a thread of the stream: an encoder closed mid-stream (a step of
    the frame guard or the uplink ladder, and back) left the process about 8 MB larger each
    time (measured: 167 MB live, 175 after three steps down and up, 166 with a trim)."""
    libc = _libc()
    if libc is not None:
        with contextlib.suppress(AttributeError):
            libc.malloc_trim(0)
