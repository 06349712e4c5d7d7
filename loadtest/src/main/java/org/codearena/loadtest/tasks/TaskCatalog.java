package org.codearena.loadtest.tasks;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The built-in kinds of run: each a language, a program and its stdin. */
public enum TaskCatalog {

    HELLO_PYTHON("hello-python", "python", "print('hello')\n", ""),
    HELLO_JAVA("hello-java", "java",
            "public class Main { public static void main(String[] a) { System.out.println(\"hello\"); } }\n", ""),
    HELLO_C("hello-c", "c", "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n", ""),
    HELLO_CPP("hello-cpp", "cpp", "#include <iostream>\nint main() { std::cout << \"hello\" << std::endl; }\n", ""),
    HELLO_JAVASCRIPT("hello-javascript", "javascript", "console.log('hello');\n", ""),
    /** about a second of CPU on this project's machines */
    CPU("cpu", "c", """
            #include <stdio.h>
            int main(void) {
                unsigned long long x = 1;
                for (unsigned long long i = 0; i < 600000000ULL; i++) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                printf("%llu\\n", x);
                return 0;
            }
            """, ""),
    /**
     * half a second of a runner's time and little CPU: on one machine, what a runner on a host of its own is (more
     * runners serve more of it, where more runners on the same cores would only share them)
     */
    HALF_SECOND("half-second", "python", "import time\ntime.sleep(0.5)\nprint('done')\n", ""),
    /** waits two seconds without using CPU */
    SLOW("slow", "python", "import time\ntime.sleep(2)\nprint('slept')\n", ""),
    /** reads 5 MB of stdin and counts its lines */
    BIG_STDIN("big-stdin", "python", "import sys\nprint(sum(1 for _ in sys.stdin.buffer))\n",
            "1234567\n".repeat(5 * 1024 * 1024 / 8)),
    /** templates and optimisation: a few seconds of g++ */
    COMPILE_HEAVY("compile-heavy", "cpp", """
            #include <iostream>
            #include <map>
            #include <regex>
            #include <string>
            #include <vector>
            template <int N> struct Fib { static constexpr long value = Fib<N - 1>::value + Fib<N - 2>::value; };
            template <> struct Fib<1> { static constexpr long value = 1; };
            template <> struct Fib<0> { static constexpr long value = 0; };
            int main() {
                std::map<std::string, std::vector<std::regex>> patterns;
                patterns["x"].emplace_back("[a-z]+[0-9]*");
                std::cout << Fib<60>::value << " " << patterns.size() << std::endl;
            }
            """, "");

    private static final Map<String, TaskCatalog> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(TaskCatalog::taskName, task -> task));

    private final String taskName;
    private final String language;
    private final String source;
    private final String stdin;

    TaskCatalog(String taskName, String language, String source, String stdin) {
        this.taskName = taskName;
        this.language = language;
        this.source = source;
        this.stdin = stdin;
    }

    public static TaskCatalog byName(String name) {
        TaskCatalog task = BY_NAME.get(name);
        if (task == null) {
            throw new IllegalArgumentException("unknown task '" + name + "'; choose one of "
                    + String.join(", ", BY_NAME.keySet().stream().sorted().toList()));
        }
        return task;
    }

    public String taskName() {
        return taskName;
    }

    public String language() {
        return language;
    }

    public String source() {
        return source;
    }

    public String stdin() {
        return stdin;
    }
}
