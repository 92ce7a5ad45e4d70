package net.oneview.chatticket.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used so far, from /proc (Linux), in clock ticks (1/100 s): what a phase costs the service
 * and the broker and registry it shares the machine with.
 */
final class ProcessCpu {

    /** Clock ticks per second of /proc's counters (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** User and system time of the process, or -1 when it cannot be read (gone, or not Linux). */
    static long ticks(final long pid) {
        try {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The pid in a file the stack wrote ({@code kafka.pid}, {@code registry.pid} in the bench's directory), or -1. */
    static long pidIn(final Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The share of one core the process used between two readings {@code nanos} apart; NaN if either failed. */
    static double shareOfCore(final long before, final long after, final long nanos) {
        return before < 0 || after < 0 ? Double.NaN : (after - before) / TICKS_PER_SECOND / (nanos / 1e9);
    }
}
