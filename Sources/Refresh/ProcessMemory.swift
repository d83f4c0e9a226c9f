import CMalloc

/// The C heap of a process that refreshes: `finews` (CLI and daemon) and `finews-bench` set it up the
/// same way, so the benchmark measures what the service does.
public enum ProcessMemory {
    /// One malloc arena for the whole process; call first thing in `main`, before any thread starts.
    ///
    /// glibc gives each thread that meets a locked arena its own (up to 8 per core), and memory freed
    /// in one arena is reused only by allocations in it. A refresh reads and prepares a part on every
    /// core while the writer stores the previous one, so drafts are allocated in one arena and freed
    /// into another, and each arena keeps its own high-water mark: a first refresh of 10,000 posts held
    /// two arenas of 13–16 MiB for about 20 MiB of live data. Per-thread caches (tcache) still serve
    /// most small allocations without taking the arena's lock. (Trimming the heap after each stored
    /// part was tried as well: with one arena it lowered neither the peak nor the system time.)
    public static func useOneArena() {
        _ = finews_malloc_limit_arenas(1)
    }
}
