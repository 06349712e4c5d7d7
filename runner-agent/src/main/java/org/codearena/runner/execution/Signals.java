package org.codearena.runner.execution;

import java.util.Map;
import org.codearena.protocol.Verdict;

/** Names for the signals that end programs, so that a runtime error says what happened. */
final class Signals {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"),
            Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT: abort() or a failed assertion"),
            Map.entry(7, "SIGBUS: bad memory access"), Map.entry(8, "SIGFPE: division by zero or similar"),
            Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV: invalid memory access, or a stack overflow"),
            Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"),
            Map.entry(24, "SIGXCPU: CPU time limit"), Map.entry(25, "SIGXFSZ: file size limit"),
            Map.entry(31, "SIGSYS: a forbidden system call"));

    private Signals() {
    }

    /** " (signal 11, SIGSEGV: …)" for a runtime error that a signal ended; empty otherwise. */
    static String describe(Verdict verdict, int signal) {
        if (verdict != Verdict.RUNTIME_ERROR || signal == 0) {
            return "";
        }
        return " (signal " + signal + ", " + NAMES.getOrDefault(signal, "signal") + ")";
    }
}
