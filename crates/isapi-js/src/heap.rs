//! The engine's heap: QuickJS allocates through [`Heap`], which keeps the per-engine limit
//! itself and remembers when it refused an allocation. An engine that ran out of memory is
//! replaced whatever its JavaScript did with the `InternalError` (a handler, the fetch
//! adapter or a `catch {}` may swallow it): the worker asks the heap, not the script.
use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

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
/// sizes, and a count that keeps rising is engines that are never freed.
static LIVE_HEAPS: AtomicUsize = AtomicUsize::new(0);

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
        LIVE_HEAPS.fetch_add(1, Ordering::Relaxed);
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

// SAFETY: every pointer handed out comes from `RustAllocator` unchanged (size-aligned
// regions with their size in a header), so `usable_size`, `dealloc` and `realloc` get
// what they expect; this type only adds accounting and may answer null (allowed).
unsafe impl Allocator for Heap {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if !self.admit(size) {
            return std::ptr::null_mut();
        }
        let ptr = RustAllocator.alloc(size);
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
        let ptr = RustAllocator.calloc(count, size);
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
        unsafe { RustAllocator.dealloc(ptr) }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        // SAFETY: the caller passes a pointer this allocator returned.
        let old = unsafe { RustAllocator::usable_size(ptr) };
        if new_size > old && !self.admit(new_size - old) {
            return std::ptr::null_mut();
        }
        // SAFETY: as above.
        let grown = unsafe { RustAllocator.realloc(ptr, new_size) };
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

impl Drop for Heap {
    /// rquickjs drops the allocator after `JS_FreeRuntime`: what is still counted here
    /// is memory QuickJS never gave back.
    fn drop(&mut self) {
        let live = LIVE_HEAPS.fetch_sub(1, Ordering::Relaxed).saturating_sub(1);
        if self.used > 0 {
            tracing::warn!(
                "an engine was freed with {} bytes of its heap never returned",
                self.used
            );
        }
        tracing::debug!("engine heap freed; {live} engine(s) live");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_allocation_is_remembered_whatever_the_script_does() {
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
    fn a_zero_limit_means_none() {
        let (mut heap, exhausted) = Heap::new(0);
        let ptr = heap.alloc(4096);
        assert!(!ptr.is_null());
        // SAFETY (test): `ptr` came from this heap.
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
