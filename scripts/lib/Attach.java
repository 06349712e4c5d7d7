/**
 * Loads a native agent into a running JVM (java scripts/lib/Attach.java PID LIBRARY OPTIONS): how
 * scripts/profile-liberty.sh starts and stops async-profiler in Liberty without restarting it.
 */
public class Attach {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java Attach.java PID LIBRARY OPTIONS");
            System.exit(2);
        }
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
