//! The engine's heap: QuickJS allocates through [`Heap`], which keeps the per-engine limit
//! itself and remembers when it refused an allocation. An engine that ran out of memory is
//! replaced whatever its JavaScript did with the `InternalError` (a handler, the fetch
//! adapter or a `catch {}` may swallow it): the worker asks the heap, not the script.
//!
//! On Linux, blocks of `LARGE` (128 KB) or more are mapped from the kernel on their own
//! (`mod large`) instead of going through glibc's `malloc`: freeing a large mapped block
//! makes glibc raise its mmap and trim thresholds (up to 32 and 64 MB), after which every
//! thread arena an engine ever ran in keeps that much freed memory resident. Engines that
//! ran out of memory or were replaced by a reload left ~2 MB in each of up to 8 x cores
//! arenas (`cargo xtask soak`: 40.6 -> 46.6 MB over 60k requests with reloads and
//! out-of-memory faults); mapped here, a freed large block goes back to the system at once.
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Mutex;

use rquickjs::allocator::{Allocator, RustAllocator};

/// Whether the engine's heap refused an allocation; shared by the allocator and its
/// sandbox (both live on the engine's thread).
#[derive(Clone, Default)]
pub(crate) struct Exhaustion(Rc<Cell<bool>>);

impl Exhaustion {
    /// True once any allocation was refused; the engine is then not to be trusted.
    pub(crate) fn happened(&self) -> bool {
        self.0.get()
    }
}

/// Engines (QuickJS runtimes, one heap each) alive in this library copy. Logged as each
/// one is freed: after reloads and out-of-memory replacements it comes back to the pools'
/// sizes, and a count that keeps rising is engines that are never freed. A lock, not an
/// atomic: the line is written while it is held, so the last line logged is the count now
/// (two engines freed at once on two threads logged 2 then 3 with an atomic). Engines
/// come and go rarely; no request takes it.
static LIVE_HEAPS: Mutex<usize> = Mutex::new(0);

fn live_heaps() -> std::sync::MutexGuard<'static, usize> {
    LIVE_HEAPS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// QuickJS's allocator for one engine: Rust's global allocator, a byte limit, and the
/// [`Exhaustion`] flag. (QuickJS's own `set_memory_limit` refuses before the allocator is
/// called, so nothing outside the script would learn of it.)
pub(crate) struct Heap {
    limit: usize,
    used: usize,
    exhausted: Exhaustion,
}

impl Heap {
    /// A heap of at most `limit` bytes; 0 means no limit, as for QuickJS's own.
    pub(crate) fn new(limit: usize) -> (Heap, Exhaustion) {
        let exhausted = Exhaustion::default();
        *live_heaps() += 1;
        let heap = Heap {
            limit: if limit == 0 { usize::MAX } else { limit },
            used: 0,
            exhausted: exhausted.clone(),
        };
        (heap, exhausted)
    }

    /// Whether `more` bytes fit; records the refusal when they do not.
    fn admit(&mut self, more: usize) -> bool {
        let fits = self.used.checked_add(more).is_some_and(|n| n <= self.limit);
        if !fits {
            self.exhausted.0.set(true);
        }
        fits
    }
}

// SAFETY: every pointer handed out comes from `blocks` (RustAllocator's regions, or
// mapped ones with the same size header), so `usable_size`, `dealloc` and `realloc` get
// what they expect; this type only adds accounting and may answer null (allowed).
unsafe impl Allocator for Heap {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if !self.admit(size) {
            return std::ptr::null_mut();
        }
        let ptr = blocks::alloc(size, false);
        if ptr.is_null() {
            self.exhausted.0.set(true);
        } else {
            // SAFETY: `ptr` was just returned by RustAllocator.
            self.used += unsafe { RustAllocator::usable_size(ptr) };
        }
        ptr
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        // RustAllocator panics on an overflowing product; a refusal is what QuickJS expects.
        let Some(total) = count.checked_mul(size) else {
            self.exhausted.0.set(true);
            return std::ptr::null_mut();
        };
        if total == 0 || !self.admit(total) {
            return std::ptr::null_mut();
        }
        let ptr = blocks::alloc(total, true);
        if ptr.is_null() {
            self.exhausted.0.set(true);
        } else {
            // SAFETY: `ptr` was just returned by RustAllocator.
            self.used += unsafe { RustAllocator::usable_size(ptr) };
        }
        ptr
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        // SAFETY: the caller passes a pointer this allocator returned.
        self.used = self
            .used
            .saturating_sub(unsafe { RustAllocator::usable_size(ptr) });
        // SAFETY: as above.
        unsafe { blocks::dealloc(ptr) }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if ptr.is_null() {
            return self.alloc(new_size);
        }
        // SAFETY: the caller passes a pointer this allocator returned.
        let old = unsafe { RustAllocator::usable_size(ptr) };
        if new_size > old && !self.admit(new_size - old) {
            return std::ptr::null_mut();
        }
        // SAFETY: as above.
        let grown = unsafe { blocks::realloc(ptr, new_size) };
        if grown.is_null() {
            self.exhausted.0.set(true);
        } else {
            // SAFETY: `grown` was just returned by RustAllocator.
            let new = unsafe { RustAllocator::usable_size(grown) };
            self.used = self.used.saturating_sub(old) + new;
        }
        grown
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: the caller passes a pointer this allocator returned.
        unsafe { RustAllocator::usable_size(ptr) }
    }
}

/// Blocks at least this large are mapped on their own (glibc's initial mmap threshold).
const LARGE: usize = 128 << 10;

/// Where an engine's blocks come from: RustAllocator (the global allocator) for small
/// ones, [`large`] for large ones on Linux. A block's class follows from its size, read
/// from the header both keep in front of it (RustAllocator's layout, checked by a test).
mod blocks {
    use rquickjs::allocator::{Allocator, RustAllocator};

    /// By the size as recorded (rounded up to 8, as RustAllocator does): a small block
    /// never records a large size.
    fn is_large(size: usize) -> bool {
        cfg!(target_os = "linux")
            && size.div_ceil(align_of::<u64>()) * align_of::<u64>() >= super::LARGE
    }

    pub(super) fn alloc(size: usize, zeroed: bool) -> *mut u8 {
        #[cfg(target_os = "linux")]
        if is_large(size) {
            // Fresh mappings are zeroed.
            return super::large::map(size);
        }
        if zeroed {
            RustAllocator.calloc(1, size)
        } else {
            RustAllocator.alloc(size)
        }
    }

    /// # Safety
    /// `ptr` came from [`alloc`] or [`realloc`] and is not used afterwards.
    pub(super) unsafe fn dealloc(ptr: *mut u8) {
        // SAFETY: per this function's contract.
        let size = unsafe { RustAllocator::usable_size(ptr) };
        #[cfg(target_os = "linux")]
        if is_large(size) {
            // SAFETY: a large block is a mapping made by `large::map`.
            return unsafe { super::large::unmap(ptr, size) };
        }
        let _ = size;
        // SAFETY: a small block came from RustAllocator.
        unsafe { RustAllocator.dealloc(ptr) }
    }

    /// # Safety
    /// As [`dealloc`]; on success the old pointer is not used again.
    pub(super) unsafe fn realloc(ptr: *mut u8, new_size: usize) -> *mut u8 {
        // SAFETY: per this function's contract.
        let old = unsafe { RustAllocator::usable_size(ptr) };
        match (is_large(old), is_large(new_size)) {
            // SAFETY: a small block came from RustAllocator.
            (false, false) => unsafe { RustAllocator.realloc(ptr, new_size) },
            #[cfg(target_os = "linux")]
            // SAFETY: a large block is a mapping made by `large::map`.
            (true, true) => unsafe { super::large::remap(ptr, old, new_size) },
            _ => {
                // Across the classes: a new block, the bytes copied, the old one freed.
                let fresh = alloc(new_size, false);
                if !fresh.is_null() {
                    // SAFETY: both blocks hold at least the bytes copied, and differ.
                    unsafe {
                        std::ptr::copy_nonoverlapping(ptr, fresh, old.min(new_size));
                        dealloc(ptr);
                    }
                }
                fresh
            }
        }
    }
}

/// Large blocks as mappings of their own: `HEADER` bytes holding the size (where
/// RustAllocator keeps it, so `usable_size` reads both kinds alike), then the block.
#[cfg(target_os = "linux")]
mod large {
    /// RustAllocator's header: the rounded size as a `usize`, padded to a `u64`'s
    /// alignment (which is also the alignment of every block).
    const HEADER: usize = if size_of::<usize>() > align_of::<u64>() {
        size_of::<usize>()
    } else {
        align_of::<u64>()
    };

    fn rounded(size: usize) -> usize {
        size.div_ceil(align_of::<u64>()) * align_of::<u64>()
    }

    fn mapping_len(size: usize) -> usize {
        (HEADER + size).next_multiple_of(4096)
    }

    pub(super) fn map(size: usize) -> *mut u8 {
        let size = rounded(size);
        // SAFETY: a fresh anonymous private mapping; no existing memory is touched.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                mapping_len(size),
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        // SAFETY: the mapping is writable and longer than HEADER.
        unsafe { header(base.cast(), size) }
    }

    /// Writes the size at `base` and returns the block after the header.
    ///
    /// # Safety
    /// `base` starts a writable mapping of at least `HEADER` bytes.
    unsafe fn header(base: *mut u8, size: usize) -> *mut u8 {
        // SAFETY: per this function's contract; page-aligned, so aligned for usize.
        unsafe {
            base.cast::<usize>().write(size);
            base.add(HEADER)
        }
    }

    /// # Safety
    /// `ptr` came from [`map`] (or [`remap`]) with this `size` and is not used again.
    pub(super) unsafe fn unmap(ptr: *mut u8, size: usize) {
        // SAFETY: per this function's contract, the mapping starts HEADER bytes before.
        unsafe {
            libc::munmap(ptr.sub(HEADER).cast(), mapping_len(size));
        }
    }

    /// # Safety
    /// As [`unmap`], except that on success the old pointer is not used again.
    pub(super) unsafe fn remap(ptr: *mut u8, old: usize, new_size: usize) -> *mut u8 {
        let size = rounded(new_size);
        // SAFETY: per this function's contract: the whole mapping, moved if it must be.
        let base = unsafe {
            libc::mremap(
                ptr.sub(HEADER).cast(),
                mapping_len(old),
                mapping_len(size),
                libc::MREMAP_MAYMOVE,
            )
        };
        if base == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        // SAFETY: the (re)mapping is writable and longer than HEADER.
        unsafe { header(base.cast(), size) }
    }
}

impl Drop for Heap {
    /// rquickjs drops the allocator after `JS_FreeRuntime`: what is still counted here
    /// is memory QuickJS never gave back.
    fn drop(&mut self) {
        if self.used > 0 {
            tracing::warn!(
                "an engine was freed with {} bytes of its heap never returned",
                self.used
            );
        }
        let mut live = live_heaps();
        *live = live.saturating_sub(1);
        tracing::debug!("engine heap freed; {} engine(s) live", *live);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held by the tests that allocate megabytes, so that `large_blocks_are_not_glibcs`
    /// sees no other test's large blocks come or go while it measures.
    static BIG: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn big() -> std::sync::MutexGuard<'static, ()> {
        BIG.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[test]
    fn a_refused_allocation_is_remembered_whatever_the_script_does() {
        let _big = big();
        let (heap, exhausted) = Heap::new(8 << 20);
        let runtime = rquickjs::Runtime::new_with_alloc(heap).unwrap();
        let context = rquickjs::Context::full(&runtime).unwrap();
        let swallowed: String = context.with(|ctx| {
            ctx.eval(
                "let r = 'none'; try { const k = []; for (;;) k.push(new Array(100000).fill(1)); } \
                 catch (e) { r = 'caught'; } r",
            )
            .unwrap()
        });
        assert_eq!(swallowed, "caught");
        assert!(exhausted.happened());
    }

    #[test]
    fn blocks_keep_their_bytes_across_sizes_and_classes() {
        let _big = big();
        let (mut heap, _) = Heap::new(0);
        let pattern = |i: usize| (i % 251) as u8;
        let check = |ptr: *mut u8, len: usize| {
            // SAFETY: `ptr` holds at least `len` initialised bytes.
            let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
            assert!(bytes.iter().enumerate().all(|(i, b)| *b == pattern(i)));
        };
        let mut ptr = heap.alloc(1000);
        // SAFETY: the block holds 1000 bytes.
        unsafe { (0..1000).for_each(|i| ptr.add(i).write(pattern(i))) };
        // Just under LARGE stays small even though it rounds up to it; then large,
        // larger (moved), and small again.
        for size in [LARGE - 1, LARGE + 1, 3 * LARGE + 5, 4 << 20, 2000, 500] {
            // SAFETY: `ptr` came from this heap.
            ptr = unsafe { heap.realloc(ptr, size) };
            assert!(!ptr.is_null());
            // SAFETY: as above.
            assert_eq!(unsafe { Heap::usable_size(ptr) }, size.div_ceil(8) * 8);
            check(ptr, 500);
        }
        // SAFETY: as above.
        unsafe { heap.dealloc(ptr) };
        let zeroed = heap.calloc(LARGE, 2);
        // SAFETY: the block holds 2 * LARGE bytes.
        assert!(unsafe { std::slice::from_raw_parts(zeroed, 2 * LARGE) }
            .iter()
            .all(|b| *b == 0));
        // SAFETY: as above.
        unsafe { heap.dealloc(zeroed) };
        assert_eq!(heap.used, 0);
    }

    #[test]
    fn an_engine_with_large_arrays_frees_every_byte() {
        let _big = big();
        let (heap, exhausted) = Heap::new(32 << 20);
        let runtime = rquickjs::Runtime::new_with_alloc(heap).unwrap();
        let context = rquickjs::Context::full(&runtime).unwrap();
        let total: f64 = context.with(|ctx| {
            ctx.eval(
                "const k = []; for (let i = 0; i < 8; i++) k.push(new Array(1 << 16).fill(i)); \
                 k.push(new Uint8Array(3 << 20)); k.reduce((n, a) => n + a.length, 0)",
            )
            .unwrap()
        });
        assert_eq!(total, (8 * (1 << 16) + (3 << 20)) as f64);
        assert!(!exhausted.happened());
    }

    /// Large blocks must not reach glibc: freeing one raises its mmap and trim
    /// thresholds, and every arena then keeps that much resident (see the module doc).
    /// With the threshold pinned at its default, glibc maps every large block it is
    /// asked for and counts them in `hblkhd`: 8 MB of arrays live in an engine must not
    /// be among them (the other tests that allocate megabytes wait).
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn large_blocks_are_not_glibcs() {
        let _big = big();
        // SAFETY: sets a malloc parameter of this test process.
        unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE as i32) };
        let mapped_by_malloc = || {
            #[allow(deprecated)] // mallinfo2 needs glibc 2.33
            // SAFETY: a plain query of glibc's counters.
            let info = unsafe { libc::mallinfo() };
            i64::from(info.hblkhd)
        };
        // glibc's counter is the process's: other tests' threads (compiling platform
        // modules, say) may map blocks meanwhile. Their noise comes and goes; the engine's
        // own blocks, if glibc mapped them, would show in every attempt.
        let attempt = || {
            let (heap, _) = Heap::new(64 << 20);
            let runtime = rquickjs::Runtime::new_with_alloc(heap).unwrap();
            let context = rquickjs::Context::full(&runtime).unwrap();
            let before = mapped_by_malloc();
            let during = context.with(|ctx| {
                let _: () = ctx
                    .eval("globalThis.k = []; for (let i = 0; i < 8; i++) k.push(new Array(1 << 16).fill(i));")
                    .unwrap();
                mapped_by_malloc()
            });
            during - before
        };
        let least = (0..5).map(|_| attempt()).min().unwrap_or_default();
        assert!(
            least < 2 << 20,
            "glibc mapped {} KB for the engine's large blocks",
            least >> 10
        );
    }

    #[test]
    fn a_zero_limit_means_none() {
        let (mut heap, exhausted) = Heap::new(0);
        let ptr = heap.alloc(4096);
        assert!(!ptr.is_null());
        // SAFETY: `ptr` came from this heap.
        unsafe { heap.dealloc(ptr) };
        assert!(!exhausted.happened());
    }

    #[test]
    fn an_overflowing_calloc_is_refused_not_a_panic() {
        let (mut heap, exhausted) = Heap::new(1 << 20);
        assert!(heap.calloc(usize::MAX, 2).is_null());
        assert!(exhausted.happened());
    }
}
