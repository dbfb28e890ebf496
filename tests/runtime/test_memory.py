import ctypes.util
import platform

import pytest

from newsclean.runtime.memory import release_free_memory


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) / 1024


@pytest.mark.skipif(
    platform.system() != "Linux" or "musl" in (ctypes.util.find_library("c") or ""), reason="malloc_trim is glibc's"
)
def test_freed_heap_goes_back_to_the_system():
    release_free_memory()
    held = [bytearray(2000) for _ in range(150_000)]  # ~300 MB of heap blocks, under glibc's mmap threshold
    held = held[-1:]  # the last block stays, so the heap's top cannot simply shrink
    before = _rss_mib()
    assert release_free_memory() is True
    assert _rss_mib() < before - 150
    del held
